package org.svdd.cluster.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.Valid;
import org.junit.jupiter.api.Test;

/** The wire fingerprint tells builds whose messages differ apart, and the join check compares it. */
class WireFingerprintTest {
  record CountV1(int count, String name) {}

  record CountV2(long count, String name) {}

  record CountV3(String name, int count) {}

  enum ColourV1 { RED, GREEN }

  enum ColourV2 { GREEN, RED }

  static final class Holder {
    int a;
    transient int cache;
    static int shared;
  }

  @Test
  void aMessageWhoseShapeChanges_changesTheFingerprint() {
    assertEquals(" count:int name:java.lang.String", WireFingerprint.shapeOf(CountV1.class));
    assertNotEquals(WireFingerprint.shapeOf(CountV1.class), WireFingerprint.shapeOf(CountV2.class), "a type");
    assertNotEquals(WireFingerprint.shapeOf(CountV1.class), WireFingerprint.shapeOf(CountV3.class), "an order");
    assertNotEquals(WireFingerprint.shapeOf(ColourV1.class), WireFingerprint.shapeOf(ColourV2.class),
        "an enum travels by ordinal");
    assertEquals(" a:int", WireFingerprint.shapeOf(Holder.class), "what is not sent is not counted");

    Kryo one = new Kryo();
    one.register(CountV1.class, 100);
    Kryo same = new Kryo();
    same.register(CountV1.class, 100);
    Kryo moved = new Kryo();
    moved.register(CountV1.class, 101);
    assertEquals(WireFingerprint.of(one), WireFingerprint.of(same));
    assertNotEquals(WireFingerprint.of(one), WireFingerprint.of(moved), "a registration id");
  }

  @Test
  void thisBuild_hasOneFingerprint_coveringEveryMessage() {
    assertTrue(WireFingerprint.CURRENT.matches("[0-9a-f]{12}"), WireFingerprint.CURRENT);
    Kryo kryo = MessageRegistry.configure(new Kryo(), new KryoSerializer.ActorRefSerializer(null),
        new KryoSerializer.ListSerializer());
    assertEquals(WireFingerprint.CURRENT, WireFingerprint.of(kryo));
    kryo.register(CountV1.class, 999);
    assertNotEquals(WireFingerprint.CURRENT, WireFingerprint.of(kryo), "one more message class");
  }

  @Test
  void theJoinCheck_acceptsTheSameFingerprint_andNamesBothOtherwise() {
    WireCheck check = new WireCheck();
    assertEquals(java.util.List.of(WireCheck.KEY), scala.jdk.javaapi.CollectionConverters.asJava(check.requiredKeys()));
    var here = ConfigFactory.parseString(WireCheck.KEY + " = aaaaaaaaaaaa");
    assertEquals(Valid.getInstance(), check.check(ConfigFactory.parseString(WireCheck.KEY + " = aaaaaaaaaaaa"), here));
    Invalid other = (Invalid) check.check(ConfigFactory.parseString(WireCheck.KEY + " = bbbbbbbbbbbb"), here);
    assertEquals("svdd builds differ: the other node's messages are bbbbbbbbbbbb, this node's aaaaaaaaaaaa; start "
        + "every node of a cluster from one build (stop them all and start them again from the new one)",
        other.errorMessages().head());
    Invalid older = (Invalid) check.check(ConfigFactory.empty(), here);
    assertTrue(older.errorMessages().head().contains("none (an svdd build older than this check)"),
        older.errorMessages().head());
  }
}
