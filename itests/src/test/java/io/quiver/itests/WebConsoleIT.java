package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.Assume;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Quiver's Web Console page in a real browser (headless Chromium driven by Selenium) against the unpacked
 * default distribution: log in with the generated admin password, create a fileio device and a LUN through
 * the generated forms (and see a refusal next to its field), see an initiator's session appear and the
 * charts move under fio load, save the target's form with one field changed (only that attribute becomes
 * {@code [key]}), delete the LUN. A state-changing request without the page's CSRF token is
 * refused. Screenshots go to {@code target/screenshots}.
 */
public class WebConsoleIT {

    /** HTTP, SSH, iSCSI, RMI registry, RMI server: 30210..30214; chromedriver 30220 (this IT's own range). */
    private static final int PORT_BASE = 30210;
    private static final int CHROMEDRIVER_PORT = 30220;
    private static final String TARGET = "iqn.2026-11.io.quiver:default";
    private static final Path SHOTS = Path.of("target/screenshots");

    @Test
    public void manageQuiverFromTheConsolePage() throws Exception {
        boolean browser = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        if (!browser && Fio.ci()) {
            throw new AssertionError("chromium and chromium-driver are not installed");
        }
        Assume.assumeTrue("chromium / chromedriver not installed", browser);
        Assume.assumeTrue("libiscsi-bin is not installed", Files.isExecutable(Path.of("/usr/bin/iscsi-inq")));
        Fio.require();
        Path work = Path.of("target/webconsole").toAbsolutePath();
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, work, System.getProperty("java.home"), PORT_BASE)) {
            q.start();
            UnpackedDistribution.awaitListening(PORT_BASE);
            UnpackedDistribution.awaitListening(PORT_BASE + 2);
            String password = Files.readString(q.home().resolve("etc/admin.password")).trim();
            String page = "http://127.0.0.1:" + PORT_BASE + "/system/console/quiver";
            // The console's page and its login come up after the data path (start level 30 against 25):
            // wait until the page answers the admin before testing what it refuses.
            awaitPage(page, password);
            assertEquals("a POST without the page's CSRF token is refused", 403, postWithoutToken(page, password));

            WebDriver driver = chrome(work.resolve("chrome-profile"));
            try {
                driver.get("http://admin:" + password + "@127.0.0.1:" + PORT_BASE + "/system/console/quiver");
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                awaitPage(driver, page);
                shot(driver, "01-overview");

                String devices = "/handlers/vdisk_fileio";
                WebElement create = createForm(driver, devices);
                create.findElement(By.name("name")).sendKeys("webdisk");
                create.findElement(By.name("attr.filename")).sendKeys(work.resolve("webdisk.img").toString());
                create.findElement(By.name("attr.size")).sendKeys("64M");
                create.submit();
                WebElement sizeError = create.findElement(By.cssSelector(".q-error[data-field='size']"));
                wait.until(d -> !sizeError.getText().isEmpty());
                assertTrue(sizeError.getText(), sizeError.getText().contains("size"));
                shot(driver, "02-refused-next-to-the-field");
                create.findElement(By.name("attr.size")).clear();
                create.findElement(By.name("attr.size")).sendKeys("67108864");
                create.submit();
                By deviceRow = By.cssSelector("tr.q-device[data-path='" + devices + "/webdisk']");
                wait.until(ExpectedConditions.presenceOfElementLocated(deviceRow));

                String luns = "/targets/iscsi/" + TARGET + "/luns";
                WebElement lunForm = createForm(driver, luns);
                lunForm.findElement(By.name("name")).sendKeys("1");
                lunForm.findElement(By.name("attr.device")).sendKeys("webdisk");
                lunForm.submit();
                By lunRow = By.cssSelector("tr.q-lun[data-path='" + luns + "/1']");
                wait.until(ExpectedConditions.presenceOfElementLocated(lunRow));
                assertTrue(driver.findElement(lunRow).getText().contains("webdisk"));

                String lunUrl = "iscsi://127.0.0.1:" + (PORT_BASE + 2) + "/" + TARGET + "/1";
                assertEquals("LUN 1 answers INQUIRY", 0, ProcessRun.awaitLogin(lunUrl).exit);
                try (Fio.Running load = Fio.job("console-load", lunUrl, work.resolve("fio")).rw("randrw").bs("64k")
                        .size("32m").timeBased(Duration.ofSeconds(40)).start()) {
                    new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofSeconds(1)).until(d -> {
                        d.navigate().refresh();
                        return !d.findElements(By.cssSelector("tr.q-session")).isEmpty();
                    });
                    String session = driver.findElement(By.cssSelector("tr.q-session")).getText();
                    assertTrue(session, session.contains(TARGET) && session.contains("127.0.0.1"));
                    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> chartMoved(d, "device:webdisk"));
                    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> chartMoved(d, "session:"));
                    ((JavascriptExecutor) driver).executeScript("document.getElementById('q-chart-iops').scrollIntoView()");
                    Thread.sleep(3000); // a few more chart points for the screenshot
                    shot(driver, "03-charts-under-fio-load");
                }

                // regression: saving the target's form sets only the edited field; the rest keeps its defaults
                String targetPath = "/targets/iscsi/" + TARGET;
                List<String> keysBefore = keyAttributes(q.client("quiver:show " + targetPath));
                driver.navigate().refresh();
                awaitPage(driver, page);
                WebElement targetForm = driver.findElement(By.cssSelector("form[data-op='set'][data-path='" + targetPath + "']"));
                ((JavascriptExecutor) driver).executeScript("arguments[0].closest('details').open = true", targetForm);
                targetForm.findElement(By.name("attr.TargetAlias")).sendKeys("console");
                targetForm.submit();
                new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                        .until(d -> d.findElement(By.id("q-message")).getText().startsWith("saved TargetAlias of"));
                List<String> expected = new ArrayList<>(keysBefore);
                expected.add("TargetAlias");
                List<String> keysAfter = keysBefore;
                for (int i = 0; i < 50 && !keysAfter.contains("TargetAlias"); i++) {
                    Thread.sleep(200);
                    keysAfter = keyAttributes(q.client("quiver:show " + targetPath));
                }
                assertEquals(expected.stream().sorted().toList(), keysAfter.stream().sorted().toList());

                driver.navigate().refresh();
                awaitPage(driver, page);
                driver.findElement(lunRow).findElement(By.cssSelector("form[data-op='delete']")).submit();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.invisibilityOfElementLocated(lunRow));
                shot(driver, "04-lun-deleted");
                String listed = q.client("quiver:ls " + luns);
                assertTrue(listed, !listed.lines().anyMatch(l -> l.trim().equals("1")));

                // hot deploy: install the loopback driver from the features table; its state is polled
                By localRow = By.cssSelector("#q-features tr[data-feature='quiver-local']");
                wait.until(ExpectedConditions.presenceOfElementLocated(localRow));
                driver.findElement(localRow).findElement(By.cssSelector("button[data-action='install']")).click();
                // The page re-renders the features table while it polls the job, so a row found may be replaced
                // before its text is read: look it up again rather than fail on the stale one.
                new WebDriverWait(driver, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
                        .until(d -> d.findElement(localRow).getText().contains("Started"));
                driver.navigate().refresh();
                awaitPage(driver, page);
                assertTrue(driver.findElement(By.tagName("body")).getText().contains("scst_local"));
                shot(driver, "05-feature-installed");
            } finally {
                driver.quit();
            }
            q.stop();
        }
    }

    private static WebDriver chrome(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // without the networking flags this machine refuses Chromium's connections
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1600", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingPort(CHROMEDRIVER_PORT).build();
        return new ChromeDriver(service, options);
    }

    /** Waits until the console serves the plugin (its bundle may still be starting) and the page script ran. */
    private static void awaitPage(WebDriver driver, String page) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofSeconds(1)).until(d -> {
            if (d.findElements(By.id("q-chart-iops")).isEmpty()) {
                d.get(page);
                return false;
            }
            return Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return !!window.quiverCharts"));
        });
    }

    /** Opens the create form of a collection (its details element) and returns it. */
    private static WebElement createForm(WebDriver driver, String collection) {
        WebElement form = driver.findElement(By.cssSelector("form[data-op='create'][data-parent='" + collection + "']"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].closest('details').open = true", form);
        return form;
    }

    /** True once a chart series whose key starts with {@code keyPrefix} has a point above zero. */
    private static boolean chartMoved(WebDriver d, String keyPrefix) {
        Object moved = ((JavascriptExecutor) d).executeScript("var k = arguments[0];"
                + "return ['iops', 'bandwidth', 'latency'].every(function (c) {"
                + "  return window.quiverCharts[c].data.datasets.some(function (s) {"
                + "    return s.key.indexOf(k) === 0 && s.data.some(function (p) { return p.y > 0; }); }); });",
                keyPrefix);
        return Boolean.TRUE.equals(moved);
    }

    /** The attributes {@code quiver:show} marks {@code [key]} (set to other than their default). */
    private static List<String> keyAttributes(String shown) {
        return shown.lines().map(String::strip).filter(l -> l.endsWith("[key]") && l.contains(" = "))
                .map(l -> l.substring(0, l.indexOf(" = ")).strip()).toList();
    }

    /** Waits up to 90 s until the console page answers the admin with 200. */
    private static void awaitPage(String page, String password) throws Exception {
        int status = -1;
        for (long deadline = System.nanoTime() + 90_000_000_000L; System.nanoTime() < deadline;) {
            status = HttpProbe.status(page, "admin", password);
            if (status == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the console page answered " + status + " for 90 s");
    }

    private static int postWithoutToken(String page, String password) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest delete = HttpRequest.newBuilder(URI.create(page + "/action"))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("op=delete&path=/targets/iscsi/" + TARGET + "/luns/0")).build();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 120; i++) {
            int status = http.send(delete, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 404 && status != 503) {
                return status;
            }
            Thread.sleep(500); // the plugin is not registered with the console yet
        }
        return -1;
    }

    private static void shot(WebDriver driver, String name) throws Exception {
        Files.createDirectories(SHOTS);
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
