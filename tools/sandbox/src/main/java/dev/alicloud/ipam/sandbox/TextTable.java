package dev.alicloud.ipam.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Left-aligned columns separated by three spaces, the way {@code kubectl get} prints them. */
public final class TextTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row; null cells print as {@code <none>}, like kubectl. */
  public TextTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
    }
    rows.add(Arrays.stream(cells).map(c -> c == null || c.isEmpty() ? "<none>" : c).toList());
    return this;
  }

  public int size() {
    return rows.size();
  }

  /** The table, one line per row, each line ending in a newline; trailing spaces trimmed. */
  public String render() {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    appendLine(sb, header, widths);
    rows.forEach(r -> appendLine(sb, r, widths));
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(cells.get(i));
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - cells.get(i).length() + 3));
      }
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }
}
