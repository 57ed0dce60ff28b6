import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Flattens the image of an unpacked image tarball (an OCI layout with index.json, or a `docker save` archive
 * with manifest.json) into tab-separated lines for image/verify-image.sh: the layers in order, then the config.
 * Run in source-file mode with jackson-core, -databind and -annotations on the class path (image/verify-image.sh does).
 */
public final class ImageConfig {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    JsonNode config;
    if (Files.exists(dir.resolve("index.json"))) {
      JsonNode index = read(dir.resolve("index.json"));
      require(index.path("manifests").size() == 1, "index.json must name exactly one manifest");
      JsonNode manifest = read(blob(dir, index.path("manifests").get(0).path("digest").asText()));
      print("format", "oci");
      print("manifest-media-type", manifest.path("mediaType").asText());
      for (JsonNode layer : manifest.path("layers")) {
        print("layer", dir.relativize(blob(dir, layer.path("digest").asText())).toString());
      }
      config = read(blob(dir, manifest.path("config").path("digest").asText()));
    } else if (Files.exists(dir.resolve("manifest.json"))) {
      JsonNode manifest = read(dir.resolve("manifest.json"));
      require(manifest.size() == 1, "manifest.json must name exactly one image");
      print("format", "docker");
      for (JsonNode tag : manifest.get(0).path("RepoTags")) {
        print("tag", tag.asText());
      }
      for (JsonNode layer : manifest.get(0).path("Layers")) {
        print("layer", layer.asText());
      }
      config = read(dir.resolve(manifest.get(0).path("Config").asText()));
    } else {
      throw new IllegalArgumentException(dir + " holds neither index.json nor manifest.json");
    }
    print("architecture", config.path("architecture").asText());
    print("os", config.path("os").asText());
    JsonNode c = config.path("config");
    print("user", c.path("User").asText());
    print("workdir", c.path("WorkingDir").asText());
    c.path("Entrypoint").forEach(a -> print("entrypoint", a.asText()));
    c.path("Cmd").forEach(a -> print("cmd", a.asText()));
    c.path("Env").forEach(e -> print("env", e.asText()));
    for (Map.Entry<String, JsonNode> port : c.path("ExposedPorts").properties()) {
      print("port", port.getKey());
    }
    for (Map.Entry<String, JsonNode> label : c.path("Labels").properties()) {
      print("label", label.getKey() + "=" + label.getValue().asText());
    }
  }

  private static Path blob(Path dir, String digest) {
    String[] parts = digest.split(":", 2);
    return dir.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
  }

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void print(String key, String value) {
    System.out.println(key + "\t" + value);
  }
}
