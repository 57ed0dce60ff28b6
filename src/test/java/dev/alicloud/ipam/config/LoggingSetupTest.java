package dev.alicloud.ipam.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LoggingSetupTest {

  private static String encode(LoggingSetup.Format format) {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    var event = new LoggingEvent("x", context.getLogger("dev.alicloud.ipam.Test"), Level.INFO,
        "allocation {} holds {}", null, new Object[] {"ipam-alloc-1", "10.0.0.0/24"});
    return new String(LoggingSetup.encoder(context, format).encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void jsonLinesCarryTheFormattedMessageOnly() {
    String line = encode(LoggingSetup.Format.json);

    assertThat(line).startsWith("{").endsWith("}\n")
        .contains("\"level\":\"INFO\"")
        .contains("\"loggerName\":\"dev.alicloud.ipam.Test\"")
        .contains("\"formattedMessage\":\"allocation ipam-alloc-1 holds 10.0.0.0\\/24\"")
        .doesNotContain("\"message\"").doesNotContain("arguments");
  }

  @Test
  void plainLinesAreOneReadableLine() {
    assertThat(encode(LoggingSetup.Format.plain))
        .matches("\\d{4}-\\d\\d-\\d\\dT[^ ]+ INFO  \\[[^]]*] dev.alicloud.ipam.Test allocation ipam-alloc-1 holds "
            + "10.0.0.0/24\\n");
  }
}
