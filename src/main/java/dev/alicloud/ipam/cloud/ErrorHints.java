package dev.alicloud.ipam.cloud;

/**
 * A short, actionable hint per error code, for condition messages and events: what the code means for this operator
 * and what a person can do about it (from {@link ErrorTable}).
 */
public final class ErrorHints {

  /** RAM actions the operator's identity needs, for the authorization hints. */
  public static final String RAM_ACTIONS = ErrorTable.RAM_ACTIONS;
  /** Returned for codes without a specific hint. */
  public static final String GENERIC = ErrorTable.GENERIC;

  private ErrorHints() {
  }

  /** The hint for a code; never null, {@link #GENERIC} when nothing specific is known. */
  public static String hintFor(String code) {
    if (code == null || code.isBlank()) {
      return GENERIC;
    }
    return ErrorTable.hintFor(code.strip());
  }
}
