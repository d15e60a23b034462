package org.svdd.cluster.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.typesafe.config.ConfigFactory;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.svdd.cluster.ClusterMessage;
import org.svdd.cluster.DenoiseWorker;
import org.svdd.cluster.JobCoordinator;
import org.svdd.cluster.JobManager;
import org.svdd.cluster.NodeReporter;
import org.svdd.cluster.Particle;
import org.svdd.cluster.RewardWorker;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.Spend;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.Trajectory;
import org.svdd.core.method.ValueEstimator;
import org.svdd.core.reward.Reward;
import org.svdd.core.select.Resampler;

/** Every message that crosses nodes survives a round trip through Pekko's serialization (Kryo). */
class KryoSerializerTest {
  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(ConfigFactory.load());
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static List<ClusterMessage> examples(ActorRef<Object> ref) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    ActorRef any = ref;
    TokenState state = new TokenState(new int[] {0, 5, 2, 4});
    Trajectory mid = new Trajectory(3, 7, state, new float[] {0.5f, -1.25f}, 12.5, -0.75, null);
    Trajectory done = new Trajectory(4, 32, new TokenState(new int[] {1, 2}), null, 3.0, 0, new Reward(30.6, "((..))"));
    SamplingPlan plan = new SamplingPlan(Method.SMC, 16, 4, 0.5, 32, 7, ValueEstimator.ROLLOUT, 3, 0.4, Resampler.MULTINOMIAL,
        new org.svdd.core.method.GuidanceSchedule(2, 0.5), new org.svdd.core.method.RewardSchedule("vina-abl", "qed", 0.25),
        new org.svdd.core.method.Replacement(0.1, 5));
    return List.of(
        new DenoiseWorker.Denoise(41, "job-7", 8, List.of(new DenoiseInput(state, 0.75), new DenoiseInput(state, 0.5)), any),
        new DenoiseWorker.Denoised(41, new float[][] {{1f, 2f}, {3f}}),
        new DenoiseWorker.DenoiseFailed(41, "denoiser failed: out of memory"),
        new RewardWorker.Score(42, "job-7", "vina-abl", List.of(state, new TokenState(new int[] {3})), any),
        new RewardWorker.Scored(42, List.of(new Reward(5.4, "((((....))))"), new Reward(0, "")), 1, 2.5, 1, "rna-mfe|RNAfold 2.6.4 --noPS", "rna-mfe"),
        new RewardWorker.ScoreFailed(42, "reward oracle failed: RNAfold closed its output"),
        new Particle.Advance(mid),
        new Particle.Advance(new Trajectory(5, 2, new org.svdd.core.diffusion.FloatState(new float[] {0.25f, -1.5f}, 0.75),
            new float[] {0.125f, 2f}, 1.5, 0, null)),
        new JobCoordinator.StepDone(done, List.of(), new Spend(24, 12, 2, 9, 3, 2, 31.5, "RNAfold crashed"),
            List.of(new org.svdd.cluster.OracleUse("", "rna-mfe|RNAfold 2.6.4|--noPS", "pekko://svdd@127.0.0.1:25522"),
                new org.svdd.cluster.OracleUse("qed", "qed|RDKit 2022.09.5", "pekko://svdd@127.0.0.1:25523"))),
        new JobCoordinator.StepDone(mid, List.of(mid, done), new Spend(8, 8, 0, 3, 0, 5, 0, ""), List.of()),
        new JobCoordinator.ParticleFailed(9, "particle 9: bad prediction"),
        new JobCoordinator.Progress(120, 512, 3, 16, 18.0, 21.5, 30.25, "pekko://svdd@127.0.0.1:25521", 11.5, 3,
            new Spend(4096, 480, 2, 300, 0, 170, 612.5, "vina timed out after 300 s"), "oracle budget spent",
            List.of(new org.svdd.cluster.OracleUse("vina-abl", "vina|vina-abl|AutoDock Vina v1.2.3|exhaustiveness 8",
                "the job's run before it resumed"))),
        new JobCoordinator.Finished(List.of(new Sample(0, state, new Reward(1.5, ".."))), 3),
        new JobCoordinator.Failed("reward oracle failed"),
        new JobManager.SubmitJob("job-7", plan, any),
        new JobManager.CancelJob("job-7"),
        new JobCoordinator.Cancel(any),
        new JobCoordinator.Cancelled("cancelled after 3 of 512 particle-steps"),
        new JobCoordinator.Run(plan, any),
        new JobCoordinator.Run(SamplingPlan.of(Method.SVDD, 8, 4, 0, 16, 3).withOracleSeconds(600), any),
        new JobCoordinator.Run(SamplingPlan.of(Method.BEAM, 8, 4, 0, 16, 3).withBeam(new org.svdd.core.method.BeamSchedule(2)), any),
        new RewardWorker.Abandon(42, any),
        new JobCoordinator.FinishedPart(256, 4096, List.of(new Sample(256, state, new Reward(2.5, "(.)"))), 1),
        new DenoiseWorker.Busy(43),
        new RewardWorker.Busy(44),
        Particle.StopGuiding.INSTANCE,
        new NodeReporter.Report(any),
        new NodeReporter.Load(2, 48, 123_456_789_012L, 8, 40, 9_876, 3, 4, 1.75, 16,
            List.of(new org.svdd.cluster.OracleUse("vina-abl", "vina|abl|AutoDock Vina v1.2.3|exhaustiveness 1",
                "pekko://svdd@127.0.0.1:25524"))),
        new RewardWorker.Withdraw("job-7"),
        new DenoiseWorker.Withdraw("job-7"));
  }

  @Test
  void roundTrip_everyMessageType_isBoundToKryoAndKeepsItsContent() throws Exception {
    ActorRef<Object> ref = testKit.createTestProbe().ref();
    List<ClusterMessage> messages = examples(ref);
    assertEquals(Set.copyOf(MessageRegistry.MESSAGES), messages.stream().map(Object::getClass).collect(Collectors.toSet()),
        "every registered message has an example here");
    for (ClusterMessage message : messages) {
      Serializer serializer = serialization.findSerializerFor(message);
      assertInstanceOf(KryoSerializer.class, serializer, message.getClass().getName());
      byte[] bytes = serialization.serialize(message).get();
      Object back = serialization.deserialize(bytes, serializer.identifier(), "").get();
      assertEquals(render(message), render(back), message.getClass().getSimpleName());
    }
  }

  @Test
  void everyPublicProtocolMessage_isAClusterMessageAndRegistered() {
    Set<Class<?>> registered = Set.copyOf(MessageRegistry.MESSAGES);
    List<JavaClass> protocol = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.svdd.cluster").stream()
        .filter(c -> c.isNestedClass() && (c.reflect().isRecord() || c.reflect().isEnum())
            && java.lang.reflect.Modifier.isPublic(c.reflect().getModifiers())
            && Arrays.stream(c.reflect().getInterfaces())
                .anyMatch(i -> Set.of("Command", "Result", "Event").contains(i.getSimpleName())))
        .toList();
    assertTrue(protocol.size() >= MessageRegistry.MESSAGES.size());
    for (JavaClass c : protocol) {
      assertTrue(ClusterMessage.class.isAssignableFrom(c.reflect()), c.getName() + " must implement ClusterMessage");
      assertTrue(registered.contains(c.reflect()), c.getName() + " must be registered in MessageRegistry");
    }
  }

  /** A content rendering: records by component, arrays by element, actor refs by path. */
  static String render(Object o) throws Exception {
    if (o == null) {
      return "null";
    }
    if (o instanceof ActorRef<?> ref) {
      return "ref:" + ref.path();
    }
    if (o instanceof float[] a) {
      return Arrays.toString(a);
    }
    if (o instanceof int[] a) {
      return Arrays.toString(a);
    }
    if (o instanceof Object[] a) {
      StringBuilder s = new StringBuilder("[");
      for (Object e : a) {
        s.append(render(e)).append(',');
      }
      return s.append(']').toString();
    }
    if (o instanceof List<?> list) {
      return render(list.toArray());
    }
    if (o.getClass().isRecord()) {
      StringBuilder s = new StringBuilder(o.getClass().getSimpleName()).append('(');
      for (RecordComponent c : o.getClass().getRecordComponents()) {
        s.append(c.getName()).append('=').append(render(c.getAccessor().invoke(o))).append(';');
      }
      return s.append(')').toString();
    }
    return o.toString();
  }
}
