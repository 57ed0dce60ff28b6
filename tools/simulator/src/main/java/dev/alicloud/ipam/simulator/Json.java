package dev.alicloud.ipam.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** The simulator's one JSON writer (Jackson), so every answer is encoded the same way. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {
  }

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // only maps, lists, strings and numbers are ever written: this cannot happen
      return ("{\"Code\":\"InternalError\",\"Message\":\"" + e.getOriginalMessage() + "\"}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }
}
