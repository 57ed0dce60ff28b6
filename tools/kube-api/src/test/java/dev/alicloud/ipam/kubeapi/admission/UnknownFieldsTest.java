package dev.alicloud.ipam.kubeapi.admission;

import static dev.alicloud.ipam.testing.JsonLiterals.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Pruning of undeclared fields, as the apiserver prunes custom resources. */
@Tag("unit")
class UnknownFieldsTest {

  @Test
  void removesWhatTheSchemaDoesNotDeclareAndSaysWhere() throws Exception {
    JsonNode schema = json("{'type':'object','properties':{'spec':{'type':'object','properties':{'a':{'type':'integer'},"
        + "'list':{'type':'array','items':{'type':'object','properties':{'k':{'type':'string'}}}},"
        + "'free':{'type':'object','x-kubernetes-preserve-unknown-fields':true},"
        + "'map':{'type':'object','additionalProperties':{'type':'string'}}}}}}");
    ObjectNode object = (ObjectNode) json("{'apiVersion':'x/v1','kind':'X','metadata':{'name':'n','extra':1},"
        + "'spec':{'a':1,'b':2,'list':[{'k':'v','z':0}],'free':{'any':1},'map':{'key':'value'}},'other':true}");

    assertThat(UnknownFields.prune(schema, object)).containsExactly("spec.b", "spec.list[0].z", "other");
    assertThat(object).isEqualTo(json("{'apiVersion':'x/v1','kind':'X','metadata':{'name':'n','extra':1},"
        + "'spec':{'a':1,'list':[{'k':'v'}],'free':{'any':1},'map':{'key':'value'}}}"));
  }
}
