package org.svdd.bench.micro;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.svdd.cluster.DenoiseWorker;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.TokenState;

/**
 * Kryo round trips (serialise, then read back) of the messages a particle exchanges with a remote denoise
 * worker every step, at SVDD's shape with M = 4 on the bundled tRNA model: a request of four 96-token
 * rows, and its answer of four rows of 480 logits. Run with {@code bin/bench-micro}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class KryoRoundTripBenchmarks {
  private ActorSystem<Void> system;
  private Serialization serialization;
  private Serializer serializer;
  private DenoiseWorker.Denoise request;
  private DenoiseWorker.Denoised answer;

  @Setup(Level.Trial)
  public void setUp() {
    system = ActorSystem.create(Behaviors.empty(), "bench", ConfigFactory.load());
    serialization = SerializationExtension.get(Adapter.toClassic(system));
    List<DenoiseInput> rows = new ArrayList<>();
    float[][] logits = new float[4][];
    for (int r = 0; r < 4; r++) {
      int[] tokens = new int[96];
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = (i * 7 + r) % 6;
      }
      rows.add(new DenoiseInput(new TokenState(tokens), 0.5));
      logits[r] = new float[96 * 5];
      for (int i = 0; i < logits[r].length; i++) {
        logits[r][i] = ((i * 31 + r) % 512 - 256) / 256f;
      }
    }
    org.apache.pekko.actor.typed.ActorRef<DenoiseWorker.Result> reply =
        system.systemActorOf(Behaviors.<DenoiseWorker.Result>ignore(), "reply", org.apache.pekko.actor.typed.Props.empty());
    request = new DenoiseWorker.Denoise(17, "job-1", rows, reply);
    answer = new DenoiseWorker.Denoised(17, logits);
    serializer = serialization.findSerializerFor(request);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.terminate();
  }

  @Benchmark
  public Object denoiseRequestOfFourRows() throws java.io.NotSerializableException {
    return roundTrip(request);
  }

  @Benchmark
  public Object denoisedAnswerOfFourRows() throws java.io.NotSerializableException {
    return roundTrip(answer);
  }

  private Object roundTrip(Object message) throws java.io.NotSerializableException {
    byte[] bytes = serializer.toBinary(message);
    return serializer.fromBinary(bytes, message.getClass());
  }
}
