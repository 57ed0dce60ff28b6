package dev.alicloud.ipam.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of {@code examples/}: its manifests and the outcome its comments promise, written as
 * {@code # expect: Ready=True/Allocated} and {@code # on-delete: released|kept|gone|stalled/<Reason>}, so the demo
 * and the tests check what the documentation says rather than a copy of it.
 *
 * @param fileName e.g. {@code 01-cidr-mask.yaml}
 * @param yaml the file's text
 * @param expectations conditions the allocation reaches after apply
 * @param onDelete what deleting it does
 */
public record ExampleManifest(String fileName, String yaml, List<Expectation> expectations, OnDelete onDelete) {

  /** Classpath folder the examples are packaged into. */
  public static final String RESOURCE_FOLDER = "examples/";

  private static final Pattern EXPECT = Pattern.compile("^#\\s*expect:\\s*(\\w+)=(True|False|Unknown)/(\\S+)\\s*$");
  private static final Pattern ON_DELETE = Pattern.compile("^#\\s*on-delete:\\s*(released|kept|gone|stalled/\\S+)\\s*$");

  /** A condition with its status and reason. */
  public record Expectation(String type, String status, String reason) {
    @Override
    public String toString() {
      return type + "=" + status + "/" + reason;
    }
  }

  /** What deleting the resource does to it and to its cloud allocation. */
  public record OnDelete(Kind kind, String stalledReason) {
    /** released: resource and allocation gone; kept: resource gone, allocation kept; gone: nothing to release. */
    public enum Kind { RELEASED, KEPT, GONE, STALLED }

    static OnDelete parse(String text) {
      if (text.startsWith("stalled/")) {
        return new OnDelete(Kind.STALLED, text.substring("stalled/".length()));
      }
      return new OnDelete(Kind.valueOf(text.toUpperCase(java.util.Locale.ROOT)), null);
    }
  }

  /** Parses a file's text; every example must say what it leads to. */
  public static ExampleManifest parse(String fileName, String yaml) {
    List<Expectation> expectations = new ArrayList<>();
    OnDelete onDelete = null;
    for (String line : yaml.split("\n")) {
      Matcher e = EXPECT.matcher(line.trim());
      if (e.matches()) {
        expectations.add(new Expectation(e.group(1), e.group(2), e.group(3)));
      }
      Matcher d = ON_DELETE.matcher(line.trim());
      if (d.matches()) {
        onDelete = OnDelete.parse(d.group(1));
      }
    }
    if (expectations.isEmpty() || onDelete == null) {
      throw new IllegalArgumentException(fileName + " must state its outcome in '# expect:' and '# on-delete:' lines");
    }
    return new ExampleManifest(fileName, yaml, List.copyOf(expectations), onDelete);
  }

  /** Loads a packaged example by file name. */
  public static ExampleManifest load(String fileName) {
    try (InputStream in = ExampleManifest.class.getClassLoader().getResourceAsStream(RESOURCE_FOLDER + fileName)) {
      if (in == null) {
        throw new IllegalArgumentException("no example " + fileName + " on the classpath under " + RESOURCE_FOLDER);
      }
      return parse(fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file's resources, in order. */
  public List<HasMetadata> resources(KubernetesClient client) {
    return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  /** Name of the IpamPoolAllocation the file declares. */
  public String allocationName(KubernetesClient client) {
    return allocation(client).orElseThrow(() -> new IllegalStateException(fileName + " declares no IpamPoolAllocation"))
        .getMetadata().getName();
  }

  private Optional<HasMetadata> allocation(KubernetesClient client) {
    return resources(client).stream().filter(r -> "IpamPoolAllocation".equals(r.getKind())).findFirst();
  }

  /** Creates the file's resources, or updates those that exist, like a client-side {@code kubectl apply}. */
  public void apply(KubernetesClient client) {
    for (HasMetadata resource : resources(client)) {
      client.resource(resource).createOr(existing -> existing.update());
    }
  }
}
