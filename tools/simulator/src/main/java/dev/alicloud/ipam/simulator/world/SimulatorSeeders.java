package dev.alicloud.ipam.simulator.world;

import dev.alicloud.ipam.simulator.SimulatorState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The two ways to write the {@link SandboxWorld}: straight into the embedded simulator, or over the unsigned
 * {@code /_admin/} API of a simulator running elsewhere (another process started with {@code simulator}).
 */
public final class SimulatorSeeders {

  private SimulatorSeeders() {
  }

  /** Writes into an in-process simulator. */
  public static SandboxWorld.Seeder into(SimulatorState state) {
    return new SandboxWorld.Seeder() {
      @Override
      public void addAccessKey(String accessKeyId, String accessKeySecret) {
        state.addAccessKey(accessKeyId, accessKeySecret);
      }

      @Override
      public void addPool(String poolId, String regionId, List<String> cidrs, int minMask, int maxMask) {
        state.addPool(poolId, regionId, cidrs, minMask, maxMask);
      }

      @Override
      public void addAllocation(String poolId, String cidr, String type, String resourceId, String allocationId) {
        state.seedAllocation(poolId, cidr, type, resourceId, allocationId);
      }
    };
  }

  /**
   * Writes through the admin API at {@code baseUrl} (e.g. {@code http://127.0.0.1:8443}).
   *
   * @throws IllegalStateException when the endpoint has no simulator admin API, with what to do instead
   */
  public static SandboxWorld.Seeder overAdminApi(String baseUrl) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return new SandboxWorld.Seeder() {
      @Override
      public void addAccessKey(String accessKeyId, String accessKeySecret) {
        post("/_admin/access-keys", Map.of("accessKeyId", accessKeyId, "accessKeySecret", accessKeySecret));
      }

      @Override
      public void addPool(String poolId, String regionId, List<String> cidrs, int minMask, int maxMask) {
        post("/_admin/pools", Map.of("poolId", poolId, "regionId", regionId, "cidrs", String.join(",", cidrs),
            "minMask", Integer.toString(minMask), "maxMask", Integer.toString(maxMask)));
      }

      @Override
      public void addAllocation(String poolId, String cidr, String type, String resourceId, String allocationId) {
        post("/_admin/allocations", Map.of("poolId", poolId, "cidr", cidr, "resourceType", type,
            "resourceId", resourceId, "allocationId", allocationId));
      }

      private void post(String path, Map<String, String> params) {
        Map<String, String> sorted = new LinkedHashMap<>(params);
        String query = sorted.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        URI uri = URI.create(base + path + "?" + query);
        HttpResponse<String> response;
        try {
          response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
          throw notASimulator(e.toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while seeding " + base, e);
        }
        if (response.statusCode() == 404) {
          throw notASimulator("HTTP 404 on " + path);
        }
        if (response.statusCode() / 100 != 2) {
          throw new IllegalStateException("seeding " + path + " at " + base + " failed with HTTP "
              + response.statusCode() + ": " + response.body() + " (start the simulator empty, or restart it)");
        }
      }

      private IllegalStateException notASimulator(String detail) {
        return new IllegalStateException("the demo seeds its pool through a simulator's /_admin/ API, and " + base
            + " has none (" + detail + "). Run the demo without --cloud-endpoint, point it at a simulator "
            + "started with 'java -jar tools/simulator/target/vpc-ipam-simulator.jar', or run 'sandbox' without --demo "
            + "to use a real endpoint with your own pool");
      }
    };
  }
}
