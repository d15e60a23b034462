package org.svdd.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes deployment holds to what svdd runs with. The container image (deploy/k8s/Dockerfile) installs every Debian package that {@code bin/install-deps} installs for
 * running svdd (its trna and molecules parts: oracles, the tRNA judge, the fonts that plots and CDK's depictions
 * measure text with), so a served node has every program a job may ask for. Training data and test tools stay out.
 */
class ContainerImageTest {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));
  private static final Pattern MISSING = Pattern.compile("missing\\+=\\(([^)]*)\\)");

  /** The packages install-deps adds before its first part for images or tests. */
  static Set<String> servingPackages(String installDeps) {
    int end = installDeps.indexOf("if [ \"${1:-}\" = \"--images\" ]");
    assertTrue(end > 0, "bin/install-deps has an --images part");
    Set<String> packages = new LinkedHashSet<>();
    Matcher m = MISSING.matcher(installDeps.substring(0, end));
    while (m.find()) {
      packages.addAll(List.of(m.group(1).trim().split("\\s+")));
    }
    return packages;
  }

  /** The packages the Dockerfile's apt-get install names. */
  static Set<String> imagePackages(String dockerfile) {
    Matcher m = Pattern.compile("apt-get install ((?:[^&]|\\\\\\n)*)&&").matcher(dockerfile);
    assertTrue(m.find(), "the Dockerfile installs packages");
    Set<String> packages = new LinkedHashSet<>();
    for (String word : m.group(1).split("[\\s\\\\]+")) {
      if (!word.isEmpty() && !word.startsWith("-")) {
        packages.add(word);
      }
    }
    return packages;
  }

  @Test
  void image_installsEveryPackageANodeRunsWith() throws IOException {
    Set<String> serving = servingPackages(Files.readString(HOME.resolve("bin/install-deps")));
    assertTrue(serving.containsAll(List.of("vienna-rna", "infernal", "python3-rdkit", "autodock-vina", "openbabel")),
        "read the trna and molecules parts: " + serving);
    Set<String> image = imagePackages(Files.readString(HOME.resolve("deploy/k8s/Dockerfile")));
    assertTrue(image.contains("openjdk-17-jre-headless"), "read the image's packages: " + image);
    Set<String> lacking = new LinkedHashSet<>(serving);
    lacking.removeAll(image);
    assertTrue(lacking.isEmpty(), "deploy/k8s/Dockerfile lacks " + lacking + " (it installs " + image + ")");
  }

  /**
   * The image's first process is an init that reaps orphans (tini, installed with the image's packages), and it runs
   * the JVM: a JVM as PID 1 reaps only its own children, so programs orphaned inside the container would stay zombies.
   */
  @Test
  void image_runsTheJvmUnderAnInitThatReapsOrphans() throws IOException {
    String dockerfile = Files.readString(HOME.resolve("deploy/k8s/Dockerfile"));
    assertTrue(imagePackages(dockerfile).contains("tini"), "the image installs tini");
    Matcher entry = Pattern.compile("(?m)^ENTRYPOINT \\[\"([^\"]+)\", \"--\", \"java\"").matcher(dockerfile);
    assertTrue(entry.find() && entry.group(1).equals("/usr/bin/tini"), "tini starts the JVM: " + dockerfile);
  }

  /** Every SVDD_ variable the manifests set is one a node reads (a serve option's env, or reference.conf's). */
  @Test
  void manifests_setOnlyVariablesANodeReads() throws IOException {
    String read = Files.readString(HOME.resolve("src/main/java/org/svdd/cli/ServeCommand.java"))
        + Files.readString(HOME.resolve("src/main/resources/reference.conf"));
    Matcher m = Pattern.compile("name: (SVDD_[A-Z_]+)").matcher(Files.readString(HOME.resolve("deploy/k8s/svdd.yaml")));
    Set<String> set = new LinkedHashSet<>();
    while (m.find()) {
      set.add(m.group(1));
    }
    assertTrue(set.size() >= 8, "read the manifests' variables: " + set);
    for (String name : set) {
      assertTrue(read.contains("${env:" + name + ":") || read.contains("${?" + name + "}"),
          name + " is set by deploy/k8s/svdd.yaml but read by neither svdd serve nor reference.conf");
    }
  }
}
