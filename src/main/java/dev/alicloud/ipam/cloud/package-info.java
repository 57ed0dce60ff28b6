/**
 * The typed Alibaba Cloud VpcIpam (2023-02-28) client the operator uses, and the single place where every API
 * outcome is classified ({@link dev.alicloud.ipam.cloud.ErrorClassifier}) and explained
 * ({@link dev.alicloud.ipam.cloud.ErrorHints}). Nothing outside this package touches the Tea SDK.
 */
package dev.alicloud.ipam.cloud;
