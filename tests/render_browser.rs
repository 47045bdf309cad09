//! The HTML page opened in headless Chromium (Debian package `chromium`; `scripts/test.sh`
//! installs it through `scripts/chromium.sh`): the screenshot is not blank, and the page's script
//! ran to its end without an error. A page with a deliberately broken script proves the error
//! is seen. Without Chromium this test fails: it must not pass unchecked.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use workflow::core::render::{ExecutionHistory, RenderFormat, RenderOptions, render};
use workflow::{Format, Options, check};

const CHROMIUM: &str = "/usr/bin/chromium";
/// A browser that has not finished by then is killed and the test fails.
const TIMEOUT: Duration = Duration::from_secs(60);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs headless Chromium with a fresh profile on `page` plus `args`; kills it after
/// [`TIMEOUT`].
fn chromium(dir: &Path, page: &Path, args: &[String]) -> Output {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: run scripts/chromium.sh (scripts/test.sh does)"
    );
    let profile = tempdir(dir, "profile");
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1200,900",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let started = Instant::now();
    // Drain the pipes on threads so a chatty browser cannot block on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).ok();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).ok();
        v
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn tempdir(base: &Path, name: &str) -> PathBuf {
    let dir = base.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The page of the order example with its execution history.
fn page() -> String {
    let text = std::fs::read_to_string(root().join("tests/render/order.asl.json")).unwrap();
    let report = check(&text, Format::Json, &Options::default());
    let history = std::fs::read_to_string(root().join("tests/render/order.history.json")).unwrap();
    let history = ExecutionHistory::from_json(&history).unwrap();
    let options = RenderOptions {
        title: "order",
        history: Some(&history),
    };
    render(report.validated().unwrap(), RenderFormat::Html, &options)
}

/// The DOM after the page's scripts ran.
fn dump_dom(dir: &Path, page: &Path) -> String {
    let out = chromium(dir, page, &["--dump-dom".to_string()]);
    assert!(
        out.status.success(),
        "chromium --dump-dom failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_html_page_renders_in_headless_chromium() {
    let dir = std::env::temp_dir().join(format!("workflow-render-browser-{}", std::process::id()));
    let dir = tempdir(&dir, "run");
    let html = dir.join("order.html");
    std::fs::write(&html, page()).unwrap();

    // The screenshot: decoded, with a fair share of non-white pixels in several colours.
    let png = dir.join("order.png");
    let out = chromium(&dir, &html, &[format!("--screenshot={}", png.display())]);
    assert!(
        out.status.success() && png.exists(),
        "chromium --screenshot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("PNG size")];
    let info = reader.next_frame(&mut buf).expect("PNG frame");
    let channels = info.color_type.samples();
    assert!(channels >= 3, "colour screenshot: {:?}", info.color_type);
    let pixels = &buf[..info.buffer_size()];
    let mut colours = std::collections::BTreeSet::new();
    let mut non_white = 0usize;
    let total = (info.width * info.height) as usize;
    for px in pixels.chunks_exact(channels) {
        let rgb = (px[0], px[1], px[2]);
        colours.insert(rgb);
        if rgb != (255, 255, 255) {
            non_white += 1;
        }
    }
    println!(
        "screenshot {}×{}: {} colours, {:.1}% non-white",
        info.width,
        info.height,
        colours.len(),
        100.0 * non_white as f64 / total as f64
    );
    assert_eq!((info.width, info.height), (1200, 900));
    assert!(
        colours.len() >= 20,
        "only {} colours: blank page?",
        colours.len()
    );
    assert!(
        non_white * 20 > total,
        "under 5% non-white pixels: blank page?"
    );
    // The status colours of the states are on screen (failed: red fill).
    assert!(
        colours.contains(&(0xfb, 0xd5, 0xd5)),
        "the failed state's fill is on screen"
    );

    // The script finished and recorded no error.
    let dom = dump_dom(&dir, &html);
    assert!(
        dom.contains("data-rendered=\"ok\""),
        "the page script did not finish"
    );
    // (The hook's own source names the attribute in single quotes; set, it is `name="…"`.)
    assert!(
        !dom.contains("data-script-error=\""),
        "script error recorded"
    );
    assert!(
        dom.contains("<ul id=\"script-errors\" hidden=\"\"></ul>"),
        "script error list not empty"
    );

    // A broken script is caught by the same checks.
    let broken = dir.join("broken.html");
    let text = page().replace("</body>", "<script>notAFunction();</script>\n</body>");
    std::fs::write(&broken, text).unwrap();
    let dom = dump_dom(&dir, &broken);
    assert!(
        dom.contains("data-script-error=\""),
        "the error hook saw nothing"
    );
    assert!(
        dom.contains("notAFunction is not defined"),
        "the error is listed"
    );

    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}
