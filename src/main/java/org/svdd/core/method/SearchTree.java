package org.svdd.core.method;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.State;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.core.reward.Reward;
import org.svdd.core.select.SoftValueSelector;

/**
 * Tree search over the denoising chain (after Diffusion Tree Sampling, Jain et al., arXiv 2506.20701): the
 * root is x_T; every rollout starts at a node of the tree, runs the pre-trained chain from there to a clean
 * design, and the oracle scores it once. The rollout's states join the tree as a path below its start, and
 * the reward is backed up to the root by the soft Bellman equation: a node's value is
 * alpha·log mean exp(v_child / alpha) over its children, which are draws from the pre-trained step (the
 * max at alpha = 0). Later rollouts reuse the tree: where a rollout starts is found by descending from the
 * root, picking children by softmax(v / alpha) (argmax at 0), until a node has fewer children than the
 * square root of its visits (progressive widening): the rollout draws a new child there.
 *
 * <p>Rollouts run in rounds of N at once (the engine's particles); a round's starts are chosen from the
 * tree as it stood after the previous round, its paths are added in rollout order, so the result does not
 * depend on which rollout finished first. Visits are counted when a start is chosen, so the rollouts of
 * one round spread out over the tree instead of all starting at one node.
 *
 * <p>The samples: at alpha = 0 (search) the N best distinct leaves by reward; at alpha &gt; 0 N descents
 * from the root by softmax(v / alpha) to a leaf, which is how the tree samples the reward-tilted
 * distribution. Failed rewards are leaves without a value, never chosen while a valued sibling exists.
 */
public final class SearchTree {

  /** A state of the tree: {@code step} steps from x_T. */
  public static final class Node {
    private final int step;
    private final State state;
    private final Node parent;
    private final List<Node> children = new ArrayList<>();
    private final int order;
    private int visits;
    private int pending;
    private double value = Double.NaN;
    private Reward reward;

    private Node(int step, State state, Node parent, int order) {
      this.step = step;
      this.state = state;
      this.parent = parent;
      this.order = order;
    }

    public int step() {
      return step;
    }

    public State state() {
      return state;
    }

    public double value() {
      return value;
    }

    public int visits() {
      return visits;
    }

    public List<Node> children() {
      return List.copyOf(children);
    }
  }

  private final SamplingPlan plan;
  private final Node root;
  private final List<Node> leaves = new ArrayList<>();
  private int nodes = 1;

  /** A tree whose root is particle 0's prior. */
  public SearchTree(SamplingPlan plan, DiffusionProcess process) {
    this(plan, process.prior(RandomStream.of(plan.seed(), Purpose.PRIOR, 0)));
  }

  SearchTree(SamplingPlan plan, State root) {
    this.plan = plan;
    this.root = new Node(0, root, null, 0);
  }

  public Node root() {
    return root;
  }

  /** Back to the root alone, as the tree was made. */
  public void clear() {
    root.children.clear();
    root.visits = 0;
    root.pending = 0;
    root.value = Double.NaN;
    leaves.clear();
    nodes = 1;
  }

  /** The plan the tree searches for. */
  SamplingPlan plan() {
    return plan;
  }

  /** Rollout {@code k} of round {@code round}, from its start node: a pre-trained trajectory's start. */
  public Trajectory rollout(int round, int k, Node start) {
    return new Trajectory(round * plan.particles() + k, start.step(), start.state(), null, 0, 0, null);
  }

  /** Nodes in the tree, the root included. */
  public int size() {
    return nodes;
  }

  /** Rollout starts of round {@code round}: {@code slots} nodes, each visited on the way down. */
  public List<Node> starts(int round, int slots) {
    List<Node> out = new ArrayList<>(slots);
    for (int k = 0; k < slots; k++) {
      out.add(select(RandomStream.of(plan.seed(), Purpose.TREE, round, k)));
    }
    for (Node n : out) {
      n.pending = 0;
    }
    return out;
  }

  private Node select(RandomStream random) {
    Node n = root;
    while (true) {
      n.visits++;
      List<Node> valued = n.children.stream().filter(c -> !Double.isNaN(c.value)).toList();
      if (n.step == plan.steps() - 1 || valued.isEmpty() || n.children.size() + n.pending < widening(n.visits)) {
        // a node one step from clean always draws a new leaf: a leaf has no step left to take
        n.pending++;
        return n;
      }
      double[] values = valued.stream().mapToDouble(c -> c.value).toArray();
      n = valued.get(SoftValueSelector.select(values, plan.alpha(), random.nextDouble()));
    }
  }

  private static int widening(int visits) {
    return (int) Math.ceil(Math.sqrt(visits));
  }

  /**
   * Adds a rollout that started at {@code start}: its states after each step ({@code path}, the last one
   * clean) and the reward of the last; backs the reward up to the root.
   */
  public void add(Node start, List<State> path, Reward reward) {
    if (path.size() != plan.steps() - start.step) {
      throw new IllegalArgumentException("a rollout from step " + start.step + " has " + (plan.steps() - start.step)
          + " states, got " + path.size());
    }
    Node n = start;
    for (State s : path) {
      Node child = new Node(n.step + 1, s, n, nodes++);
      n.children.add(child);
      n = child;
    }
    n.reward = reward;
    n.value = reward.failed() ? Double.NaN : reward.value();
    leaves.add(n);
    for (Node up = n.parent; up != null; up = up.parent) {
      double[] v = up.children.stream().mapToDouble(c -> c.value).filter(x -> !Double.isNaN(x)).toArray();
      // alpha·log mean exp(v / alpha) over the valued children (their max at alpha = 0)
      up.value = v.length == 0 ? Double.NaN : ValueEstimator.softMean(v, plan.alpha());
    }
  }

  /** The final samples (see the class comment); a failed leaf only where nothing else exists. */
  public List<Sample> samples(int n) {
    List<Node> chosen = plan.alpha() == 0 ? bestDistinctLeaves() : descents(n);
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Node leaf = chosen.get(i % chosen.size());
      out.add(new Sample(i, leaf.state, leaf.reward));
    }
    return out;
  }

  private List<Node> bestDistinctLeaves() {
    List<Node> ranked = new ArrayList<>(leaves);
    ranked.sort(Comparator.comparingDouble((Node l) -> Double.isNaN(l.value) ? Double.POSITIVE_INFINITY : -l.value)
        .thenComparingInt(l -> l.order));
    boolean anyValued = ranked.stream().anyMatch(l -> !Double.isNaN(l.value));
    Set<State> seen = new HashSet<>();
    List<Node> out = new ArrayList<>();
    for (Node l : ranked) {
      if ((!anyValued || !Double.isNaN(l.value)) && seen.add(l.state)) {
        out.add(l);
      }
    }
    return out;
  }

  private List<Node> descents(int n) {
    List<Node> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      RandomStream random = RandomStream.of(plan.seed(), Purpose.TREE, -1, i);
      Node node = root;
      while (!node.children.isEmpty()) {
        List<Node> valued = node.children.stream().filter(c -> !Double.isNaN(c.value)).toList();
        List<Node> from = valued.isEmpty() ? node.children : valued;
        double[] values = from.stream().mapToDouble(c -> Double.isNaN(c.value) ? 0 : c.value).toArray();
        node = from.get(SoftValueSelector.select(values, plan.alpha(), random.nextDouble()));
      }
      out.add(node);
    }
    return out;
  }
}
