package dev.alicloud.ipam.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

@Tag("unit")
class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest
  @CsvSource({"500ms, 500", "30s, 30000", "10m, 600000", "2h, 7200000", "PT1M30S, 90000", "pt5s, 5000"})
  void readsKubernetesStyleAndIsoDurations(String text, long millis) {
    assertThat(converter.convert(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "ten minutes", "5d", "-5s", "0s", "PT0S", "1.5m"})
  void rejectsWhatIsNotAPositiveDurationWithAHint(String text) {
    assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining(text.isEmpty() ? "duration" : text);
  }
}
