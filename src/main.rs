//! `ocelot-setup`: the native CLI, or the wizard when built for the browser.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser;
    use ocelot_setup::cli::{self, Failure};
    use std::io::Write;
    use std::process::ExitCode;

    let parsed = cli::Cli::parse();
    match cli::run(&parsed) {
        Ok(success) => {
            for note in &success.notes {
                eprintln!("note: {note}");
            }
            let written = match &success.path {
                Some(path) => cli::write_atomically(path, &success.output),
                None => std::io::stdout()
                    .write_all(success.output.as_bytes())
                    .map_err(|e| Failure::Io(format!("standard output: {e}"))),
            };
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(failure) => report(failure),
            }
        }
        Err(failure) => report(failure),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn report(failure: ocelot_setup::cli::Failure) -> std::process::ExitCode {
    use ocelot_setup::cli::Failure;
    match failure {
        Failure::Usage(lines) => {
            for line in lines {
                eprintln!("error: {line}");
            }
            eprintln!("\nFor more information, try '--help'.");
            std::process::ExitCode::from(2)
        }
        Failure::Io(message) => {
            eprintln!("error: {message}");
            std::process::ExitCode::from(1)
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    ocelot_setup::ui::mount();
}
