package org.svdd.cluster.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;

/**
 * Pekko serializer for {@link org.svdd.cluster.ClusterMessage}s on Kryo 5. Every class that may appear
 * in a message is registered (unregistered ones are refused, so nothing unexpected is deserialized);
 * typed ActorRefs travel as their serialization format through {@link ActorRefResolver}; lists travel
 * as immutable lists. Kryo instances are not thread-safe, so they are pooled.
 */
public final class KryoSerializer extends JSerializer {
  /** Unique among this system's serializers (Pekko reserves 0..40). */
  public static final int IDENTIFIER = 2408_0825;

  private final Pool<Kryo> pool;

  public KryoSerializer(ExtendedActorSystem system) {
    ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
    this.pool = new Pool<>(true, false, 16) {
      @Override
      protected Kryo create() {
        return MessageRegistry.configure(new Kryo(), new ActorRefSerializer(resolver), new ListSerializer());
      }
    };
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(Object message) {
    Kryo kryo = pool.obtain();
    try (Output output = new Output(256, -1)) {
      kryo.writeClassAndObject(output, message);
      return output.toBytes();
    } finally {
      pool.free(kryo);
    }
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    Kryo kryo = pool.obtain();
    try (Input input = new Input(bytes)) {
      return kryo.readClassAndObject(input);
    } finally {
      pool.free(kryo);
    }
  }

  /** A typed ActorRef as its path string, resolved on arrival. */
  static final class ActorRefSerializer extends Serializer<ActorRef<?>> {
    private final ActorRefResolver resolver;

    ActorRefSerializer(ActorRefResolver resolver) {
      this.resolver = resolver;
    }

    @Override
    public void write(Kryo kryo, Output output, ActorRef<?> ref) {
      output.writeString(resolver.toSerializationFormat(ref));
    }

    @Override
    public ActorRef<?> read(Kryo kryo, Input input, Class<? extends ActorRef<?>> type) {
      return resolver.resolveActorRef(input.readString());
    }
  }

  /** Any list, read back as an immutable list (messages never hold nulls in lists). */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static final class ListSerializer extends Serializer<List> {
    @Override
    public void write(Kryo kryo, Output output, List list) {
      output.writeVarInt(list.size(), true);
      for (Object element : list) {
        kryo.writeClassAndObject(output, element);
      }
    }

    @Override
    public List read(Kryo kryo, Input input, Class<? extends List> type) {
      int size = input.readVarInt(true);
      List out = new ArrayList(size);
      for (int i = 0; i < size; i++) {
        out.add(kryo.readClassAndObject(input));
      }
      return List.copyOf(out);
    }
  }
}
