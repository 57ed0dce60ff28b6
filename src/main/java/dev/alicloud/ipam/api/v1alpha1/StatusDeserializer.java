package dev.alicloud.ipam.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code status} leniently: fields an older or newer operator version wrote, or that someone patched with a
 * wrong type, are dropped (the next status write replaces them) instead of stopping the informer. A dropped
 * {@code createAttempted} or {@code allocationId} is safe: without them a status with conditions makes the operator
 * search the pool for an allocation it owns before creating one.
 */
public final class StatusDeserializer extends TolerantDeserializer<IpamPoolAllocationStatus> {

  private static final Logger LOG = LoggerFactory.getLogger(StatusDeserializer.class);

  public StatusDeserializer() {
    super(IpamPoolAllocationStatus.class, field -> "of the type this operator writes");
  }

  @Override
  protected IpamPoolAllocationStatus keep(IpamPoolAllocationStatus status, Map<String, String> problems,
      Map<String, JsonNode> values) {
    problems.forEach((field, problem) -> LOG.debug("ignored status.{}: it {}", field, problem));
    return status;
  }

  @Override
  protected IpamPoolAllocationStatus unreadable(String problem) {
    LOG.debug("ignored a status that {}", problem);
    return null;
  }
}
