//! The check workflow's annotations, read back by the diagnosis.

use super::{claims, setup};

#[test]
fn the_checks_annotations_are_diagnosed_for_the_wizard_and_the_cli() {
    use ocelot_setup::core::checks::check_workflow::TITLE_SUBJECT;
    use ocelot_setup::core::checks::diagnose::{diagnose, Control, Diagnosis, FailureId, Log, Reader};
    use ocelot_setup::core::setup::Field;

    let setup = setup(|_| {});
    let (status, output) = claims(&setup, "repo:Octo-Cat/ocelot:ref:refs/heads/main", "sts.amazonaws.com", 0);
    assert_eq!(status, 1, "{output}");
    let annotation = output.lines().find(|l| l.starts_with("::error ")).expect("an ::error line");
    assert!(annotation.starts_with(&format!("::error title={TITLE_SUBJECT}::FAIL subject: ")), "{annotation}");
    assert!(!output.contains("::error title=ocelot-setup token check"), "the audience passed:\n{output}");
    assert!(output.contains("::notice title=ocelot-setup token check::PASS audience: sts.amazonaws.com"), "{output}");
    // As GitHub returns it: the message, without the command.
    let message = annotation.split_once("::FAIL").map(|(_, m)| format!("FAIL{m}")).expect("a message");
    for (reader, text) in [(Reader::Wizard, message.as_str()), (Reader::Cli, output.as_str())] {
        let Diagnosis::Recognised { findings } = diagnose(&setup, reader, &Log::read(text)) else {
            panic!("not recognised: {text}")
        };
        assert_eq!(findings[0].id, FailureId::CheckSubject, "{findings:#?}");
        assert!(findings[0].cause.contains("GitHub spells the fork Octo-Cat/ocelot"), "{findings:#?}");
        let first = &findings[0].fix[0];
        match reader {
            Reader::Wizard => {
                assert_eq!(first.control, Some(Control::Field(Field::Fork)), "{first:?}");
                assert_eq!(first.text, "Set “Fork” to Octo-Cat/ocelot.");
            }
            Reader::Cli => assert_eq!(first.text, "Give --repo Octo-Cat/ocelot to the ocelot-setup commands."),
        }
    }
}
