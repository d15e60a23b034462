package org.svdd.api.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.svdd.api.ApiPolicy;
import org.svdd.api.proto.JobSpec;

/**
 * The dashboard in a real headless browser (Debian's chromium, driven through its chromedriver): submit a
 * small job from the page, watch it reach DONE, sort its samples, open a design with its fold drawn,
 * compare two jobs, cancel a long one. Screenshots go to target/dashboard-screenshots.
 */
class DashboardBrowserTest {
  private static final Path SHOTS = Path.of("target", "dashboard-screenshots");
  private static DashboardFixture service;
  private static ChromeDriver browser;
  private static WebDriverWait wait;
  /** The browser's profile, removed after the tests (each run left 3 MB in /tmp). */
  private static Path profile;
  /** Where the browser saves downloads, inside the profile. */
  private static Path downloads;

  @BeforeAll
  static void start() throws Exception {
    for (String binary : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
      assertTrue(new File(binary).canExecute(), binary + " is missing: run bin/install-deps --test (chromium, chromium-driver)");
    }
    service = new DashboardFixture(ApiPolicy.open());
    profile = Files.createTempDirectory("svdd-chromium-");
    downloads = Files.createDirectories(profile.resolve("downloads"));
    ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1280,900",
        "--user-data-dir=" + profile);
    options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort().build();
    browser = new ChromeDriver(driver, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() throws java.io.IOException {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.close();
    }
    if (profile != null) {
      org.svdd.testing.TempTrees.delete(profile);
    }
  }

  private static void screenshot(String name) throws Exception {
    Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private static void type(String id, String text) {
    WebElement input = browser.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  private static String submitFromThePage(int particles, int candidates, int steps) {
    return submitFromThePage(particles, candidates, steps, "");
  }

  private static String submitFromThePage(int particles, int candidates, int steps, String name) {
    browser.get(service.url());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("submit-form")));
    type("name", name);
    type("particles", Integer.toString(particles));
    type("candidates", Integer.toString(candidates));
    type("steps", Integer.toString(steps));
    browser.findElement(By.id("submit")).click();
    wait.until(ExpectedConditions.urlMatches("#/job/.+"));
    return browser.getCurrentUrl().replaceAll(".*#/job/", "");
  }

  @Test
  void submitWatchAndOpenADesign() throws Exception {
    String id = submitFromThePage(8, 3, 4, "eight of four");
    wait.until(ExpectedConditions.textToBe(By.id("job-state"), "DONE"));
    assertEquals("· eight of four", browser.findElement(By.id("job-name")).getText(), "the job's name beside its id");
    assertEquals(", model " + DashboardFixture.MODEL, browser.findElement(By.id("job-model")).getText(),
        "the model the job runs under");
    assertEquals("scored count-c by FoldingOracleFake", browser.findElement(By.id("job-oracles")).getText(),
        "the oracle that scored it");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("live"))); // its stream ended with the job
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#samples tr.sample"), 8));
    assertTrue(browser.findElement(By.id("progress")).getText().contains("32 / 32 particle-steps"),
        browser.findElement(By.id("progress")).getText());
    assertTrue(browser.findElements(By.cssSelector("#values polyline")).size() == 3, "three value quantile lines");
    screenshot("job");

    List<Double> rewards = browser.findElements(By.cssSelector("#samples td.reward")).stream()
        .map(td -> Double.parseDouble(td.getText())).toList();
    assertEquals(rewards.stream().sorted((a, b) -> Double.compare(b, a)).toList(), rewards, "best first by default");
    browser.findElement(By.id("sort-reward")).click();
    List<Double> ascending = browser.findElements(By.cssSelector("#samples td.reward")).stream()
        .map(td -> Double.parseDouble(td.getText())).toList();
    assertEquals(rewards.stream().sorted().toList(), ascending, "a click on the header reverses the order");

    browser.findElement(By.id("download-designs")).click();
    Path saved = downloads.resolve("svdd-" + id + ".fa");
    wait.until(d -> Files.isRegularFile(saved));
    List<String> records = Files.readAllLines(saved);
    assertEquals(16, records.size(), "the eight designs, saved under the job's name in the task's format: " + records);
    assertTrue(records.get(0).matches(">svdd-\\d reward=\\d+\\.\\d\\d"), records.get(0));

    browser.findElements(By.cssSelector("a.open-design")).get(0).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#arcs path")));
    assertTrue(browser.findElement(By.id("view")).getText().contains("of job " + id));
    assertTrue(!browser.findElement(By.id("view")).getText().contains("naturalness"),
        "the service estimates no naturalness (NaN), so the page names none: " + browser.findElement(By.id("view")).getText());
    screenshot("design");

    browser.get(service.url());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs tr[data-job='" + id + "']")));
    assertTrue(browser.findElement(By.cssSelector("#jobs tr[data-job='" + id + "']")).getText().contains("DONE"));
    assertEquals("eight of four", browser.findElement(By.cssSelector("#jobs tr[data-job='" + id + "'] td.name")).getText());
    By row = By.cssSelector("#jobs tr[data-job='" + id + "']");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("state-filter"))).selectByValue("running");
    wait.until(ExpectedConditions.numberOfElementsToBe(row, 0));
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("state-filter"))).selectByValue("done");
    wait.until(ExpectedConditions.presenceOfElementLocated(row));
    assertTrue(browser.findElements(By.cssSelector("#jobs td[class^='state-']")).stream()
        .allMatch(td -> td.getText().equals("DONE")), "the list shows done jobs only");
    type("name-filter", "nothing is named so");
    wait.until(ExpectedConditions.numberOfElementsToBe(row, 0));
    type("name-filter", "OF FOUR");
    wait.until(ExpectedConditions.presenceOfElementLocated(row));
    assertTrue(browser.findElements(By.cssSelector("#jobs td.name")).stream()
        .allMatch(td -> td.getText().contains("of four")), "the list shows the jobs so named only, in any case");
    assertEquals("name-filter", browser.switchTo().activeElement().getAttribute("id"), "typing goes on in the filter");
    screenshot("jobs-done");
    List<WebElement> nodes = browser.findElements(By.cssSelector("#nodes tr td:first-child"));
    assertEquals(1, nodes.size(), "one node serves this dashboard");
    assertTrue(nodes.get(0).getText().endsWith(" (answering)"), nodes.get(0).getText());
    String node = String.join(" ", browser.findElements(By.cssSelector("#nodes tr td")).stream().skip(1)
        .map(WebElement::getText).toList());
    assertTrue(node.matches("Up yes \\d+ \\d+ \\d+\\+\\d+ - \\d+\\.\\d\\d/\\d+ api, coordinator, denoiser, reward"
        + "\nscores count-c by FoldingOracleFake"), "its status, its load, its roles, the oracle it opened: " + node);
    assertEquals(List.of("node-oracle|scores qed by qed|RDKit 1", "node-oracle differs|scores vina by vina|1.2.3 (differs"
        + " from b:2's)"), ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "const a = {address: 'a:1', load: {oracles: {vina: 'vina|1.2.3', qed: 'qed|RDKit 1'}}};"
        + "const b = {address: 'b:2', load: {oracles: {vina: 'vina|1.2.5', qed: 'qed|RDKit 1'}}};"
        + "return nodeOracles(a, [a, b, {address: 'c:3'}]).map(e => e.className + '|' + e.textContent);"),
        "two nodes scoring a reward with different oracles: marked, naming the other; a reward scored alike is not");
  }

  /** The job list refreshes itself: a job submitted elsewhere appears, and what was typed and picked stays. */
  @Test
  void theJobList_refreshesItself_keepingWhatWasTypedAndPicked() throws Exception {
    JobSpec small = JobSpec.newBuilder().setMethod("pretrained").setParticles(2).setSteps(2).setSeed(5).build();
    String first = service.registry.submit(small).getJobId();
    browser.get(service.url());
    By firstPick = By.cssSelector("input.pick[value='" + first + "']");
    wait.until(ExpectedConditions.presenceOfElementLocated(firstPick));
    browser.findElement(firstPick).click();
    type("particles", "7");
    String second = service.registry.submit(small.toBuilder().setSeed(6).build()).getJobId();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs tr[data-job='" + second + "']")));
    assertTrue(browser.findElement(firstPick).isSelected(), "a job picked to compare stays picked");
    assertEquals("7", browser.findElement(By.id("particles")).getAttribute("value"), "the form keeps what was typed");
  }

  /** A job the cluster cannot run yet: the list marks it waiting (the reason as the cell's title), its page says why. */
  @Test
  void aWaitingJob_saysWhyInTheListAndOnItsPage() throws Exception {
    try (DashboardFixture alone = DashboardFixture.apiOnly()) {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (alone.engine.membersUp() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      String id = alone.registry.submit(JobSpec.newBuilder().setMethod("svdd").setParticles(2).setCandidates(2)
          .setSteps(3).setSeed(1).build()).getJobId();
      String why = "waiting: no cluster member has role coordinator: jobs wait until one joins (a node started with "
          + "roles coordinator,denoiser,reward)";
      browser.get(alone.url());
      By state = By.cssSelector("#jobs tr[data-job='" + id + "'] td.state-QUEUED");
      wait.until(ExpectedConditions.presenceOfElementLocated(state));
      assertEquals("QUEUED (waiting)", browser.findElement(state).getText());
      assertEquals(why, browser.findElement(state).getAttribute("title"));
      browser.get(alone.url() + "#/job/" + id);
      wait.until(ExpectedConditions.textMatches(By.id("work"), java.util.regex.Pattern.compile(".* · "
          + java.util.regex.Pattern.quote(why) + "$")));
      assertEquals("No values yet.", browser.findElement(By.id("values")).getText(), "a job not begun draws no values");
      screenshot("waiting");
    }
  }

  /**
   * A job another api node follows, open here while it ends and is deleted through that node: the page is live until
   * its stream's last event says the job is gone, then says so and is live no more.
   */
  @Test
  void aJobDeletedElsewhere_whileItsPageIsOpen_saysSoAndStopsBeingLive() throws Exception {
    String url = "jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (org.svdd.store.JdbcJobStore store = org.svdd.store.JdbcJobStore.open(url, "sa", "");
        DashboardFixture node = new DashboardFixture(ApiPolicy.open(), store)) {
      String id = org.svdd.api.JobsElsewhere.running(store);
      browser.get(node.url() + "#/job/" + id);
      wait.until(ExpectedConditions.textToBe(By.id("job-state"), "RUNNING"));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("live"))); // this node now watches the job
      org.svdd.api.JobsElsewhere.vanish(url, id);
      wait.until(ExpectedConditions.textToBe(By.id("message"),
          "job " + id + " ended and was deleted before this api node read how it ended"));
      wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("live")));
      assertEquals("RUNNING", browser.findElement(By.id("job-state")).getText(), "no end is made up for it");
    }
  }

  @Test
  void compareTwoJobs_andCancelALongOne() throws Exception {
    String a = service.registry.submit(JobSpec.newBuilder().setMethod("svdd").setParticles(6).setCandidates(2).setSteps(3)
        .setSeed(1).build()).getJobId();
    String b = service.registry.submit(JobSpec.newBuilder().setMethod("pretrained").setParticles(6).setSteps(3)
        .setSeed(1).build()).getJobId();
    browser.get(service.url() + "#/job/" + b);
    wait.until(ExpectedConditions.textToBe(By.id("job-state"), "DONE"));
    // opened after it ended, the job still shows its values as they went
    String points = browser.findElement(By.cssSelector("#values polyline")).getAttribute("points");
    assertTrue(points.trim().split(" ").length >= 2, points);
    browser.get(service.url() + "#/job/" + a);
    wait.until(ExpectedConditions.textToBe(By.id("job-state"), "DONE"));
    String smc = service.registry.submit(JobSpec.newBuilder().setMethod("smc").setParticles(8).setSteps(4).setSeed(2)
        .setEssThreshold(1.0).build()).getJobId();
    browser.get(service.url() + "#/job/" + smc);
    wait.until(ExpectedConditions.textToBe(By.id("job-state"), "DONE"));
    // the work line is drawn from the job's last status, which may land just after its state reads DONE
    wait.until(ExpectedConditions.textMatches(By.id("work"), java.util.regex.Pattern.compile("^[1-9]\\d* denoiser rows · \\d+ designs scored: "
        + "\\d+ oracle calls, 0 from the archive, \\d+ cache hits, 0 could not be scored · [0-9.]+ oracle-seconds · "
        + "ran [0-9.]+ s · ESS [0-9.]+ of 8, "
        + "\\d+ resamplings$")));
    screenshot("smc");
    browser.findElement(By.id("delete")).click();
    browser.switchTo().alert().accept(); // "Delete job ... and its samples?"
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input.pick[value='" + a + "']")));
    assertTrue(browser.findElements(By.cssSelector("input.pick[value='" + smc + "']")).isEmpty(),
        "the deleted job leaves the list");

    browser.get(service.url());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input.pick[value='" + b + "']")));
    browser.findElement(By.cssSelector("input.pick[value='" + a + "']")).click();
    browser.findElement(By.cssSelector("input.pick[value='" + b + "']")).click();
    browser.findElement(By.id("compare")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#comparison circle"), 12));
    screenshot("compare");

    browser.get(service.url());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("extra")));
    type("extra", "{\"method\": \"beam\", \"beam\": {\"endWidth\": 2}");
    browser.findElement(By.id("submit")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "the extra fields are not JSON"));
    type("extra", "{\"method\": \"beam\", \"beam\": {\"endWidth\": 2}}");
    browser.findElement(By.id("submit")).click();
    wait.until(ExpectedConditions.textToBe(By.id("job-state"), "DONE"));
    assertTrue(browser.findElement(By.id("view")).getText().contains("beam, N = 16"), "extra fields reach the spec");

    submitFromThePage(64, 4, 400);
    wait.until(ExpectedConditions.textToBe(By.id("job-state"), "RUNNING"));
    browser.findElement(By.id("cancel")).click();
    wait.withMessage(() -> "the page says: " + browser.findElement(By.id("message")).getText())
        .until(ExpectedConditions.textToBe(By.id("job-state"), "CANCELLED"));
    screenshot("cancelled");
  }
}
