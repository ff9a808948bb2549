package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console at {@code /console/} in headless Chromium (Debian's chromium + chromedriver through Selenium),
 * against the running suite: every action is the page's own SigV4-signed call through the gateway. Signs in (a
 * wrong secret first: the AWS error is shown as sent), creates a channel with the form, publishes to the RTMP URL
 * and stream key the channel page shows, the hls.js preview plays (currentTime advances), health shows HEALTHY,
 * StopStream from the page ends the stream and the session timeline shows Stream Start and Stream End; the page
 * fits a phone-sized window; the channel is deleted from the page. Around it: a recording configuration and an ad
 * configuration are created on their pages and chosen in the channel form; InsertAdBreak from the live channel's
 * page; after StopStream the recording appears in the recordings browser (the object store read with presigned
 * S3 requests from the page) and plays (hls.js on its master playlist, currentTime advances), hls.js reads the ad
 * break from the recorded playlist as a date range with SCTE35-OUT and the requested duration, its thumbnails load;
 * the ad configuration is deleted from its page. Screenshots of each page go to {@code target/console-screenshots/}.
 */
class ConsoleIT {
    private static final Path SHOTS = Paths.get("target", "console-screenshots");
    private static WebDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void browser() throws Exception {
        String chromium = onPath("chromium", "chromium-browser", "google-chrome");
        String chromedriver = onPath("chromedriver");
        assumeTrue(chromium != null && chromedriver != null, "chromium and chromedriver are not installed");
        Encoder.assumeInstalled(false);
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--autoplay-policy=no-user-gesture-required", "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // the console re-renders its tables every 4 s: an element read in between is stale, so the wait polls again
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    static String onPath(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Paths.get(dir, name))) {
                    return Paths.get(dir, name).toString();
                }
            }
        }
        return null;
    }

    /** The console's URL: the gateway's origin unless ivs.console.url says otherwise. */
    static String consoleUrl() {
        String url = System.getProperty("ivs.console.url", System.getenv("IVS_CONSOLE_URL"));
        return url != null && !url.isBlank() ? url : Suite.endpoint().toString().replaceAll("/$", "") + "/console/";
    }

    @Test
    void signInCreatePublishPreviewStopAndDelete() throws Exception {
        driver.get(consoleUrl());
        wait.until(ExpectedConditions.urlContains("#/signin"));
        WebElement signIn = driver.findElement(By.id("signin"));

        // a wrong secret: the gateway's error as AWS sends it
        type("accessKeyId", Suite.KEY_A);
        type("secretAccessKey", "not-the-secret");
        signIn.click();
        wait.until(d -> !text("flash").isEmpty());
        assertTrue(text("flash").contains("(HTTP 403)"), "the AWS error is shown: " + text("flash"));
        shot("01-signin-error");

        type("secretAccessKey", Suite.SECRET_A);
        signIn.click();
        wait.until(ExpectedConditions.urlContains("#/channels"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#channels tbody tr")));
        assertEquals(null, js("return sessionStorage.length === 1 && localStorage.length === 0 ? null : 'stored'"),
                "the keys are in session storage only");
        shot("02-channels");

        // a recording configuration (thumbnails every 5 s) and an ad configuration, made on their pages
        String name = "console-it-" + System.currentTimeMillis();
        driver.get(consoleUrl() + "#/recording-configurations");
        WebElement rcForm = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main form")));
        rcForm.findElement(By.name("name")).sendKeys(name);
        rcForm.findElement(By.name("bucketName")).sendKeys(System.getenv().getOrDefault("IVS_S3_BUCKET", "ivs-recordings"));
        WebElement interval = rcForm.findElement(By.name("interval"));
        interval.clear();
        interval.sendKeys("5");
        rcForm.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> text("main").contains(name));
        new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofSeconds(1))
                .ignoring(StaleElementReferenceException.class).until(d -> {
            if (rowOf(name).contains("ACTIVE")) {
                return true;
            }
            d.navigate().refresh();
            return false;
        });
        driver.get(consoleUrl() + "#/ad-configurations");
        WebElement adForm = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ad-configuration-form")));
        adForm.findElement(By.name("name")).sendKeys(name);
        adForm.findElement(By.name("mediaTailor")).sendKeys("arn:aws:mediatailor:us-west-2:" + Suite.ACCOUNT_A
                + ":playbackConfiguration/console-it");
        adForm.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> rowOf(name).contains("console-it"));
        assertAllFieldsLabelled();
        shot("03-ad-configurations");

        // create a channel with the form
        driver.get(consoleUrl() + "#/channels");
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Create channel"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("channel-form")));
        type("name", name);
        driver.findElement(By.name("insecureIngest")).click();
        driver.findElement(By.id("f-tags")).sendKeys("team=console");
        new Select(driver.findElement(By.id("f-recordingConfigurationArn"))).selectByVisibleText(name + " (ACTIVE)");
        new Select(driver.findElement(By.id("f-adConfigurationArn"))).selectByVisibleText(name);
        assertAllFieldsLabelled();
        shot("03-create-channel");
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("stream-key")));
        String channelUrl = driver.getCurrentUrl();
        assertEquals(name, driver.findElement(By.tagName("h1")).getText());
        assertTrue(text("tags").contains("console"), "the tag is shown: " + text("tags"));

        // the stream key is hidden until revealed
        WebElement key = driver.findElement(By.id("stream-key"));
        assertEquals("password", key.getAttribute("type"));
        driver.findElement(By.id("stream-key-reveal")).click();
        assertEquals("text", key.getAttribute("type"));
        String streamKey = key.getAttribute("value");
        assertTrue(streamKey.startsWith("sk_"), streamKey);
        String rtmp = driver.findElement(By.id("rtmp-url")).getAttribute("value");
        assertTrue(rtmp.startsWith("rtmp://") && rtmp.endsWith(":1935/app/"), rtmp);

        // publish to what the page shows (the suite's RTMP port when the test environment moves it)
        String url = Encoder.rtmpUrl(streamKey);
        Process ffmpeg = Encoder.publish(url, 90, "console-it");
        try {
            WebDriverWait live = new WebDriverWait(driver, Duration.ofSeconds(60));
            live.until(d -> text("health").contains("HEALTHY"));
            double first = waitForPlayback(live, 0.5);
            double later = waitForPlayback(live, first + 2);
            assertTrue(later > first, "the preview plays: currentTime " + first + " -> " + later);
            live.until(d -> text("timeline").contains("Stream Start"));

            // InsertAdBreak from the page: 4 s, closed in the playlists once a segment starts 4 s later
            WebElement adSeconds = driver.findElement(By.id("ad-break-duration"));
            adSeconds.clear();
            adSeconds.sendKeys("4");
            driver.findElement(By.id("ad-break")).click();
            wait.until(d -> text("flash").contains("Ad break"));
            Matcher inserted = Pattern.compile("Ad break ([a-zA-Z0-9]{12}) inserted").matcher(text("flash"));
            assertTrue(inserted.find(), text("flash"));
            adBreakId = inserted.group(1);
            long insertedAt = System.nanoTime();
            assertAllFieldsLabelled();
            shot("04-channel-live");
            copyToDocs("04-channel-live");

            // a phone-sized window: no horizontal scrolling
            driver.manage().window().setSize(new Dimension(390, 844));
            Thread.sleep(500);
            Number overflow = (Number) js("return document.documentElement.scrollWidth - window.innerWidth");
            shot("05-channel-phone");
            assertTrue(overflow.intValue() <= 0, "the channel page fits a 390 px window, overflow " + overflow);
            driver.manage().window().setSize(new Dimension(1280, 800));

            // StopStream from the page (once the ad break has ended in the recorded playlist)
            Thread.sleep(Math.max(0, 9000 - (System.nanoTime() - insertedAt) / 1_000_000));
            driver.findElement(By.id("stop-stream")).click();
            assertTrue(ffmpeg.waitFor(30, TimeUnit.SECONDS), "StopStream disconnects the encoder");
            live.until(d -> text("timeline").contains("Stream End"));
            String timeline = text("timeline");
            assertTrue(timeline.indexOf("Stream Start") < timeline.indexOf("Stream End"), timeline);
            live.until(d -> text("live").contains("OFFLINE"));
            shot("06-channel-stopped");
        } finally {
            ffmpeg.destroyForcibly();
        }

        recordingAppearsAndPlays(name);

        for (String page : List.of("recording-configurations", "playback-keys", "token", "restriction-policies")) {
            driver.get(consoleUrl() + "#/" + page);
            wait.until(d -> !d.findElements(By.cssSelector("main h1")).isEmpty()
                    && d.findElements(By.cssSelector("main p.muted")).stream().noneMatch(p -> "Loading…".equals(p.getText())));
            assertEquals("", text("flash"), page + " loads without an error");
            shot("07-" + page);
        }

        // delete from the channel page (the browser's confirm dialog accepted)
        driver.get(channelUrl);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("delete-channel"))).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.urlContains("#/channels"));
        wait.until(d -> text("channels").length() > 0 && !text("channels").contains(name));
        shot("08-channels-after-delete");

        // the ad configuration, no longer referenced, is deleted from its page
        driver.get(consoleUrl() + "#/ad-configurations");
        wait.until(d -> rowOf(name).contains("console-it"));
        wait.until(d -> {
            d.findElements(By.cssSelector("main tbody tr")).stream().filter(r -> r.getText().contains(name))
                    .findFirst().orElseThrow().findElement(By.cssSelector("button.danger")).click();
            return true;
        });
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> d.findElements(By.cssSelector("main h1")).size() == 1 && !rowOf(name).contains("console-it")
                && text("main").contains("Create ad configuration"));
        assertEquals("", text("flash"));
    }

    private String adBreakId;

    /**
     * The recordings browser: the object store set on the page, the channel's recording listed as ended, its page
     * plays it (hls.js through presigned S3 requests), shows the ad break hls.js read from the recorded playlist
     * (SCTE35-OUT, planned 4 s, a duration of whole segments from 4 s on) and the thumbnails.
     */
    private void recordingAppearsAndPlays(String name) throws Exception {
        driver.get(consoleUrl() + "#/recordings");
        WebElement chooser = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recordings-config")));
        new Select(chooser).selectByVisibleText(new Select(chooser).getOptions().stream().map(WebElement::getText)
                .filter(t -> t.startsWith(name + " ")).findFirst().orElseThrow());
        WebElement store = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("store-form")));
        Map<String, String> env = System.getenv();
        for (String[] f : new String[][] {{"endpoint", env.getOrDefault("IVS_S3_ENDPOINT", "http://127.0.0.1:9000")},
                {"storeAccessKeyId", env.getOrDefault("IVS_S3_ACCESS_KEY_ID", "local-access-key")},
                {"storeSecretAccessKey", env.getOrDefault("IVS_S3_SECRET_ACCESS_KEY", "local-secret-key")}}) {
            WebElement e = store.findElement(By.name(f[0]));
            e.clear();
            e.sendKeys(f[1]);
        }
        driver.findElement(By.id("store-save")).click();
        assertAllFieldsLabelled();
        // the recording ends right after the stream (reconnect window 0): listed as RECORDING_ENDED
        new WebDriverWait(driver, Duration.ofSeconds(40)).pollingEvery(Duration.ofSeconds(1))
                .until(d -> text("recordings").contains(name) && text("recordings").contains("RECORDING_ENDED"));
        assertEquals("", text("flash"), "the store answers the page (CORS, presigned requests)");
        shot("09-recordings");
        driver.findElements(By.cssSelector("#recordings tr.recording")).stream()
                .filter(r -> r.getText().contains(name)).findFirst().orElseThrow()
                .findElement(By.linkText("Play")).click();

        WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(30));
        double first = w.until(d -> {
            Number t = (Number) js("const v = document.getElementById('recording-video'); return v ? v.currentTime : 0");
            return t.doubleValue() > 0.5 ? t.doubleValue() : null;
        });
        double later = w.until(d -> {
            Number t = (Number) js("return document.getElementById('recording-video').currentTime");
            return t.doubleValue() > first + 1.5 ? t.doubleValue() : null;
        });
        assertTrue(later > first, "the recording plays: currentTime " + first + " -> " + later);
        WebElement range = w.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ad-breaks tr.ad-break")));
        assertEquals(adBreakId, range.getAttribute("data-id"));
        assertEquals(4.0, Double.parseDouble(range.getAttribute("data-planned")), 1e-9);
        assertTrue(range.getAttribute("data-scte35-out").startsWith("0xFC30"), range.getAttribute("data-scte35-out"));
        double duration = Double.parseDouble(range.getAttribute("data-duration"));
        assertTrue(duration >= 3.95 && duration < 8.1, "the break's recorded duration: " + duration);
        w.until(d -> ((Number) js("return [...document.querySelectorAll('#thumbnails img')]"
                + ".filter(i => i.complete && i.naturalWidth > 0).length")).intValue() >= 2);
        assertEquals("", text("flash"), "no playback error");
        System.out.printf("console: recording plays (currentTime %.1f -> %.1f s), ad break %s read by hls.js: planned "
                + "4 s, %.3f s%n", first, later, adBreakId, duration);
        shot("10-recording");
    }

    /** The text of the first table row of the page that contains {@code needle} ("" when none). */
    private static String rowOf(String needle) {
        return driver.findElements(By.cssSelector("main tbody tr")).stream().map(WebElement::getText)
                .filter(t -> t.contains(needle)).findFirst().orElse("");
    }

    private double waitForPlayback(WebDriverWait w, double beyond) {
        return w.until(d -> {
            Number t = (Number) js("const v = document.getElementById('preview'); return v ? v.currentTime : 0");
            return t.doubleValue() > beyond ? t.doubleValue() : null;
        });
    }

    private static void assertAllFieldsLabelled() {
        assertEquals(List.of(), js("return [...document.querySelectorAll('main input, main select, main textarea')]"
                + ".filter(e => !e.labels.length && !e.getAttribute('aria-label')).map(e => e.name || e.id)"),
                "every form field has a label");
    }

    private static void type(String name, String value) {
        WebElement e = driver.findElement(By.name(name));
        e.clear();
        e.sendKeys(value);
    }

    /**
     * The element's text, or "" when it is absent. The console re-renders some elements every few seconds: one
     * replaced between the find and the read is found again.
     */
    private static String text(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<WebElement> e = driver.findElements(By.id(id));
                return e.isEmpty() ? "" : e.get(0).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                if (attempt == 5) {
                    throw replaced;
                }
            }
        }
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** A screenshot of the whole page (not only the window), through the DevTools protocol. */
    @SuppressWarnings("unchecked")
    private static void shot(String name) throws Exception {
        Map<String, Object> size = (Map<String, Object>) js("window.scrollTo(0, 0); const e = document.documentElement;"
                + " return {w: e.scrollWidth, h: e.scrollHeight}");
        Map<String, Object> png = ((ChromeDriver) driver).executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0,
                        "width", size.get("w"), "height", size.get("h"), "scale", 1)));
        Files.write(SHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) png.get("data")));
    }

    /** With -Dconsole.docs=true the channel page's screenshot also replaces the README's (docs/). */
    private static void copyToDocs(String name) throws Exception {
        if (Boolean.getBoolean("console.docs")) {
            Files.copy(SHOTS.resolve(name + ".png"), Suite.root().toPath().resolve("docs/console-channel.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
