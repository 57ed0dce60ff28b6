package dev.alicloud.ipam.cloud;

import com.aliyun.credentials.exception.CredentialException;
import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaRetryableException;
import com.aliyun.tea.TeaUnretryableException;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns whatever a call produced (an error answer, a Tea exception, an I/O failure) into a {@link CloudException}
 * whose message is free of secrets. Tea exceptions are never kept as causes: they carry the signed request.
 */
final class CloudErrors {

  static final int MAX_MESSAGE = 1000;
  private static final Pattern SECRET_FIELDS = Pattern.compile(
      "(?i)(x-acs-security-token|securitytoken|security_token|accesskeysecret|access_key_secret|authorization"
          + "|signature)(\"?\\s*[:=]\\s*\"?)([^\\s\"&,;]+)");
  private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]{1,200})</Code>");
  private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]{0,1000})</Message>");
  private static final Pattern XML_REQUEST_ID = Pattern.compile("<RequestId>([^<]{1,200})</RequestId>");

  private CloudErrors() {
  }

  /** The exception for a non-2xx answer: code, message and RequestId from the JSON (or XML) error body. */
  static CloudException fromResponse(String action, int status, String body, CloudCredentials credentials) {
    Map<String, Object> json = VpcIpamResponses.parseObject(body);
    String code;
    String message;
    String requestId;
    if (json != null) {
      code = firstNonBlank(VpcIpamResponses.string(json, "Code"), VpcIpamResponses.string(json, "code"));
      message = firstNonBlank(VpcIpamResponses.string(json, "Message"), VpcIpamResponses.string(json, "message"));
      requestId = firstNonBlank(VpcIpamResponses.string(json, "RequestId"),
          VpcIpamResponses.string(json, "requestId"));
    } else {
      code = group(XML_CODE, body);
      message = group(XML_MESSAGE, body);
      requestId = group(XML_REQUEST_ID, body);
    }
    if (code == null) {
      code = ErrorClassifier.UNKNOWN_ERROR;
      if (message == null) {
        message = "HTTP " + status + " without a recognisable error body" + excerpt(body);
      }
    }
    return new CloudException(action, code, status, requestId, sanitize(message, credentials), null);
  }

  /** The exception for a 2xx answer whose body is not a JSON object. */
  static CloudException unreadableSuccess(String action, int status, String body, CloudCredentials credentials) {
    return new CloudException(action, ErrorClassifier.UNKNOWN_ERROR, status, null,
        sanitize("HTTP " + status + " with a body that is not a JSON object" + excerpt(body), credentials), null);
  }

  /** The exception for a call that produced no answer, or failed inside the SDK. */
  static CloudException fromThrowable(String action, Throwable t, CloudCredentials credentials, String target) {
    if (t instanceof CloudException ce) {
      return ce;
    }
    CredentialException credentialFailure = find(t, CredentialException.class);
    if (credentialFailure != null) {
      return new CloudException(action, ErrorClassifier.INVALID_CREDENTIALS, 0, null,
          sanitize("could not obtain credentials from the " + credentials.describe() + ": "
              + credentialFailure.getMessage(), credentials), null);
    }
    if (isTransport(t)) {
      Throwable root = rootCause(t);
      String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
      return new CloudException(action, ErrorClassifier.TRANSPORT_ERROR, 0, null,
          sanitize("no answer from " + target + " (" + what + ")", credentials), safeCause(root));
    }
    if (t instanceof TeaException te) {
      Integer status = te.getStatusCode();
      Map<String, Object> data = te.getData();
      String requestId = data == null ? null : VpcIpamResponses.string(data, "RequestId");
      String message = data == null ? null : VpcIpamResponses.string(data, "Message");
      if (message == null) {
        message = te.getMessage();
      }
      String code = te.getCode() == null || "null".equals(te.getCode()) ? null : te.getCode();
      return new CloudException(action, code, status == null ? 0 : status, requestId,
          sanitize(message, credentials), null);
    }
    return new CloudException(action, ErrorClassifier.UNKNOWN_ERROR, 0, null,
        sanitize("unexpected " + t.getClass().getSimpleName()
            + (t.getMessage() == null ? "" : ": " + t.getMessage()), credentials), null);
  }

  /** Refused, reset, timed out, or the answer could not be read: no usable HTTP response. */
  static boolean isTransport(Throwable t) {
    return t instanceof TeaUnretryableException || t instanceof TeaRetryableException || t instanceof IOException
        || find(t, IOException.class) != null;
  }

  /** Removes this identity's secret and token, anything that looks like a signature or token field; truncates. */
  static String sanitize(String text, CloudCredentials credentials) {
    if (text == null) {
      return null;
    }
    String out = credentials == null ? text : credentials.redact(text);
    Matcher m = SECRET_FIELDS.matcher(out);
    out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + r.group(2) + "****"));
    return out.length() > MAX_MESSAGE ? out.substring(0, MAX_MESSAGE) + "..." : out;
  }

  /** Only plain JDK exceptions travel as causes; anything from the SDK could hold the signed request. */
  private static Throwable safeCause(Throwable root) {
    return root.getClass().getName().startsWith("java.") ? root : null;
  }

  private static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String b = body.strip().replaceAll("\\s+", " ");
    return ": " + (b.length() > 200 ? b.substring(0, 200) + "..." : b);
  }

  private static String group(Pattern p, String body) {
    if (body == null) {
      return null;
    }
    Matcher m = p.matcher(body);
    return m.find() ? m.group(1).strip() : null;
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    Throwable c = t;
    for (int depth = 0; c != null && depth < 20; depth++) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      c = c.getCause() == c ? null : c.getCause();
    }
    return null;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    int depth = 0;
    while (c.getCause() != null && c.getCause() != c && depth++ < 20) {
      c = c.getCause();
    }
    return c;
  }
}
