package dev.alicloud.ipam.kubeapi;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The API server's rendering of {@code date} printer columns ("5m", "3h10m", "12d"), a port of apimachinery's
 * {@code duration.HumanDuration}: kubectl prints Table cells as they come, so a raw RFC3339 timestamp would show up in
 * the AGE column.
 */
public final class HumanDuration {

  private HumanDuration() {
  }

  /** The age of an RFC3339 timestamp at {@code now}; {@code <invalid>} when it does not parse. */
  public static String since(String rfc3339, Instant now) {
    Instant then;
    try {
      then = OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
    return format(Duration.between(then, now));
  }

  public static String format(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
