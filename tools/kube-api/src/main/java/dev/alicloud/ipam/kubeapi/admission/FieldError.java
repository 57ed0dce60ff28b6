package dev.alicloud.ipam.kubeapi.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One field refused by admission, worded as kube-apiserver words it ({@code field.Error} of k8s.io/apimachinery), so
 * that kubectl prints what a real cluster would: {@code spec.cidrMask: Invalid value: 40: spec.cidrMask in body should
 * be less than or equal to 32}.
 *
 * @param type what kind of refusal
 * @param field the field path, e.g. {@code spec.cidrMask}
 * @param value the refused value as the message shows it (already quoted for strings); null when not shown
 * @param detail what is wrong; may be empty
 */
public record FieldError(Type type, String field, String value, String detail) {

  /** The apiserver's error types, with the reason of a Status cause and the words of the message. */
  public enum Type {
    REQUIRED("FieldValueRequired", "Required value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    TOO_LONG("FieldValueTooLong", "Too long");

    private final String reason;
    private final String words;

    Type(String reason, String words) {
      this.reason = reason;
      this.words = words;
    }

    /** The {@code reason} of a Status cause. */
    public String reason() {
      return reason;
    }
  }

  public static FieldError required(String field) {
    return new FieldError(Type.REQUIRED, field, null, "");
  }

  public static FieldError invalid(String field, JsonNode value, String detail) {
    return new FieldError(Type.INVALID, field, show(value), detail);
  }

  /** An invalid value shown by its type's name, as CEL rule failures show it ({@code "object"}, {@code "string"}). */
  public static FieldError invalidType(String field, String typeName, String detail) {
    return new FieldError(Type.INVALID, field, quote(typeName), detail);
  }

  public static FieldError notSupported(String field, JsonNode value, List<String> supported) {
    return new FieldError(Type.NOT_SUPPORTED, field, show(value),
        "supported values: " + supported.stream().map(FieldError::quote).collect(Collectors.joining(", ")));
  }

  /** A string longer than the schema's maxLength; the value is not shown. */
  public static FieldError tooLong(String field, int maxLength) {
    return new FieldError(Type.TOO_LONG, field, null, "may not be longer than " + maxLength);
  }

  /** The message without the field: {@code Invalid value: 40: spec.cidrMask in body should ...}. */
  public String causeMessage() {
    StringBuilder s = new StringBuilder(type.words);
    if (value != null) {
      s.append(": ").append(value);
    }
    if (detail != null && !detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  /** The whole message: {@code spec.cidrMask: Invalid value: 40: ...}. */
  public String message() {
    return field + ": " + causeMessage();
  }

  @Override
  public String toString() {
    return message();
  }

  /** A JSON value as Go's {@code %#v}-like rendering of field errors shows it: strings quoted, numbers bare. */
  static String show(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isTextual()) {
      return quote(value.asText());
    }
    if (value.isObject()) {
      return quote("object");
    }
    if (value.isArray()) {
      return quote("array");
    }
    return value.toString();
  }

  /** Go's {@code strconv.Quote}: double quotes, with backslash escapes for quotes, backslashes and control characters. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.append('"').toString();
  }
}
