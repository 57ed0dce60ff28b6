package dev.alicloud.ipam.config;

import dev.alicloud.ipam.cloud.ApiQuotas;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Checks {@code --cloud-rate-limit} at parse time, so a typo is a usage error and not a failure at start-up. */
public final class RateLimitConverter implements ITypeConverter<String> {

  @Override
  public String convert(String value) {
    try {
      ApiQuotas.PUBLISHED.with(value);
      return value;
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
