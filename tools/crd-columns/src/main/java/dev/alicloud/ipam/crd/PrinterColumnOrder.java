package dev.alicloud.ipam.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A build step after the fabric8 CRD generator, which sorts additionalPrinterColumns by jsonPath and has no means to
 * order them: puts them in the order the resource class declares its {@link AdditionalPrinterColumn}s, the order
 * kubectl shows them in. It moves the generator's own lines, so the rest of the file stays byte for byte as
 * generated. The operator's build runs it at process-classes with the resource class and the generated CRD files as
 * arguments; it is a build tool, never part of the operator's artifact.
 */
public final class PrinterColumnOrder {

  private static final Pattern NAME = Pattern.compile("^\\s*(?:- )?name: \"([^\"]*)\"\\s*$");

  private PrinterColumnOrder() {
  }

  /** {@code <resource class> <crd file>...}: the class is loaded from the classpath the build runs this with. */
  public static void main(String[] args) throws IOException, ClassNotFoundException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: PrinterColumnOrder <resource class> <crd file>...");
    }
    Class<?> resource = Class.forName(args[0], false, Thread.currentThread().getContextClassLoader());
    List<String> order = declared(resource);
    for (String arg : Arrays.asList(args).subList(1, args.length)) {
      Path file = Path.of(arg);
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      String ordered = reorder(yaml, order);
      if (!ordered.equals(yaml)) {
        Files.writeString(file, ordered, StandardCharsets.UTF_8);
      }
    }
  }

  /** The column names in the order the class declares them. */
  public static List<String> declared(Class<?> resource) {
    return Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
  }

  /**
   * The YAML with every additionalPrinterColumns list in {@code order}.
   *
   * @throws IllegalArgumentException for a column that {@code order} does not name
   */
  public static String reorder(String yaml, List<String> order) {
    List<String> lines = new ArrayList<>(yaml.lines().toList());
    for (int i = 0; i < lines.size(); i++) {
      String trimmed = lines.get(i).trim();
      if (!trimmed.equals("additionalPrinterColumns:") && !trimmed.equals("- additionalPrinterColumns:")) {
        continue;
      }
      int start = i + 1;
      if (start >= lines.size() || !lines.get(start).trim().startsWith("- ")) {
        continue;
      }
      String itemPrefix = lines.get(start).substring(0, lines.get(start).indexOf("- ")) + "- ";
      String continuation = " ".repeat(itemPrefix.length());
      List<List<String>> items = new ArrayList<>();
      int end = start;
      while (end < lines.size()
          && (lines.get(end).startsWith(itemPrefix) || lines.get(end).startsWith(continuation))) {
        if (lines.get(end).startsWith(itemPrefix)) {
          items.add(new ArrayList<>());
        }
        items.get(items.size() - 1).add(lines.get(end));
        end++;
      }
      items.sort(Comparator.comparingInt(item -> position(item, order)));
      List<String> sorted = items.stream().flatMap(List::stream).toList();
      for (int j = 0; j < sorted.size(); j++) {
        lines.set(start + j, sorted.get(j));
      }
      i = end - 1;
    }
    return String.join("\n", lines) + (yaml.endsWith("\n") ? "\n" : "");
  }

  private static int position(List<String> item, List<String> order) {
    for (String line : item) {
      Matcher m = NAME.matcher(line);
      if (m.matches()) {
        int index = order.indexOf(m.group(1));
        if (index < 0) {
          throw new IllegalArgumentException("printer column " + m.group(1) + " is not declared in " + order);
        }
        return index;
      }
    }
    throw new IllegalArgumentException("a printer column without a name: " + item);
  }
}
