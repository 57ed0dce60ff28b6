package dev.alicloud.ipam.cloud;

import java.util.Map;

/** Sends one signed RPC call and hands back the raw answer; the seam that lets the client be tested offline. */
interface RpcTransport {

  /**
   * Calls {@code action} with the flattened query parameters.
   *
   * @return the HTTP status and the raw body, for error answers too
   * @throws Exception whatever the SDK throws (transport failures, credential failures); the client classifies it
   */
  RpcResponse call(String action, Map<String, String> query) throws Exception;

  /** Where the calls go, for messages, e.g. {@code https://vpcipam.cn-hangzhou.aliyuncs.com}. */
  String target();

  /** The raw answer of one call. */
  record RpcResponse(int statusCode, String body) {
  }
}
