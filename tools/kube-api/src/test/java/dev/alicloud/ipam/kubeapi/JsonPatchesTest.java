package dev.alicloud.ipam.kubeapi;

import static dev.alicloud.ipam.testing.JsonLiterals.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Patches computed before admission judges their result: RFC 7386 merge and RFC 6902 JSON patches. */
@Tag("unit")
class JsonPatchesTest {

  @Test
  void mergePatchMergesObjectsRemovesNullsAndReplacesEverythingElse() throws Exception {
    JsonNode target = json("{'spec':{'a':1,'b':2},'status':{'list':[1,2]}}");
    JsonNode patched = JsonPatches.apply(JsonPatches.Type.MERGE, json("{'spec':{'b':null,'c':3},'status':{'list':[3]}}"),
        target);
    assertThat(patched).isEqualTo(json("{'spec':{'a':1,'c':3},'status':{'list':[3]}}"));
    assertThat(target).as("the stored object is not touched").isEqualTo(json("{'spec':{'a':1,'b':2},"
        + "'status':{'list':[1,2]}}"));
  }

  @Test
  void jsonPatchAppliesOperationsAndRefusesAFailedTest() throws Exception {
    JsonNode target = json("{'metadata':{'finalizers':['x']}}");
    assertThat(JsonPatches.apply(JsonPatches.Type.JSON, json("[{'op':'remove','path':'/metadata/finalizers'}]"),
        target)).isEqualTo(json("{'metadata':{}}"));
    assertThatThrownBy(() -> JsonPatches.apply(JsonPatches.Type.JSON,
        json("[{'op':'test','path':'/metadata/finalizers/0','value':'y'}]"), target))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void knowsThePatchTypesByContentType() {
    assertThat(JsonPatches.Type.of("application/merge-patch+json")).contains(JsonPatches.Type.MERGE);
    assertThat(JsonPatches.Type.of("application/json-patch+json; charset=utf-8")).contains(JsonPatches.Type.JSON);
    assertThat(JsonPatches.Type.of("application/strategic-merge-patch+json")).isEmpty();
    assertThat(JsonPatches.Type.of("application/apply-patch+yaml")).isEmpty();
  }
}
