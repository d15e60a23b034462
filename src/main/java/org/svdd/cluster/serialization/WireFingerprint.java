package org.svdd.cluster.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What this build's messages look like on the wire, as a short digest: every class Kryo may send (its registration
 * id, name and serializer) and the serialized shape of each of ours (a record's components, a class's fields, an
 * enum's constants, each by name and type, in order). Nodes of one build always agree on it; two builds whose
 * messages one could misread from the other differ in it, so a cluster can refuse a node of another build
 * ({@link WireCheck}) instead of exchanging messages that neither can read.
 */
public final class WireFingerprint {
  /** This build's fingerprint. */
  public static final String CURRENT = of(MessageRegistry.configure(new Kryo(),
      new KryoSerializer.ActorRefSerializer(null), new KryoSerializer.ListSerializer()));

  /** Kryo's ids run from 0; ours end below this. */
  private static final int MAX_ID = 1_000;

  private WireFingerprint() {}

  /** The fingerprint of what {@code kryo} has registered. */
  static String of(Kryo kryo) {
    StringBuilder shape = new StringBuilder();
    for (int id = 0; id < MAX_ID; id++) {
      Registration r = kryo.getRegistration(id);
      if (r != null) {
        shape.append(id).append(' ').append(r.getType().getName()).append(' ')
            .append(r.getSerializer().getClass().getName()).append(shapeOf(r.getType())).append('\n');
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The serialized shape of one of our classes; the JDK's and libraries' are named only. */
  static String shapeOf(Class<?> type) {
    if (!type.getName().startsWith("org.svdd.")) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        s.append(' ').append(((Enum<?>) constant).name());
      }
    } else if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) {
        s.append(' ').append(c.getName()).append(':').append(c.getGenericType().getTypeName());
      }
    } else {
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
            s.append(' ').append(f.getName()).append(':').append(f.getGenericType().getTypeName());
          }
        }
      }
    }
    return s.toString();
  }
}
