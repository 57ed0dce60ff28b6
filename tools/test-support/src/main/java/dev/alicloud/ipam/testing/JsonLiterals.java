package dev.alicloud.ipam.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON literals in tests, written with single quotes so that they stay readable in Java strings. */
public final class JsonLiterals {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLiterals() {
  }

  /** {@code json("{'a':1}")}: the JSON with every single quote read as a double quote. */
  public static JsonNode json(String singleQuoted) throws JsonProcessingException {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
