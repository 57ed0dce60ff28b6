package dev.alicloud.ipam.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds Alibaba's JSON error body ({@code RequestId}, {@code HostId}, {@code Code}, {@code Message},
 * {@code Recommend}). tea-openapi reads {@code Code}/{@code Message}/{@code RequestId} from it and throws a
 * {@code TeaException} whose {@code getData()} is this map plus {@code statusCode}.
 */
final class ErrorResponse {

  private ErrorResponse() {
  }

  static Map<String, Object> body(ApiException error, String requestId, String hostId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.put("HostId", hostId);
    body.put("Code", error.code());
    body.put("Message", error.getMessage());
    body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + URLEncoder.encode(error.code(),
        StandardCharsets.UTF_8) + "&product=VpcIpam&requestId=" + requestId);
    return body;
  }

  /** The endpoint host name Alibaba would report for a region. */
  static String hostId(String regionId) {
    return regionId == null || regionId.isBlank() ? "vpcipam.aliyuncs.com" : "vpcipam." + regionId + ".aliyuncs.com";
  }
}
