//! The frame around the steps: the stepper above them, the step shown, back and next below.

use leptos::prelude::*;

use crate::ui::browser;
use crate::ui::state::Step;
use crate::ui::steps::{wizard, DeployStep, ForkStep, OptionsStep, SecretsStep, VerifyStep};

/// The progress bar of steps; each is a button to go there.
#[component]
pub fn Stepper() -> impl IntoView {
    let wizard = wizard();
    view! {
        <nav class="wz-stepper" aria-label="Setup steps">
            <ol class="wz-stepper__list">
                {Step::ALL
                    .into_iter()
                    .map(|step| {
                        let current = move || wizard.step.get() == step;
                        let done = move || step.index() < wizard.step.get().index() && wizard.step_valid(step);
                        view! {
                            <li class="wz-stepper__item" class:wz-stepper__item--current=current class:wz-stepper__item--done=done>
                                <button
                                    type="button"
                                    class="wz-stepper__button"
                                    aria-current=move || current().then_some("step")
                                    on:click=move |_| wizard.go(step)
                                >
                                    <span class="wz-stepper__number" aria-hidden="true">
                                        {move || if done() { "✓".to_string() } else { (step.index() + 1).to_string() }}
                                    </span>
                                    <span class="wz-stepper__title">{step.title()}</span>
                                    <span class="wz-visually-hidden">{move || if done() { " (done)" } else { "" }}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// Back and next.
#[component]
pub fn StepNav() -> impl IntoView {
    let wizard = wizard();
    let neighbour = move |offset: isize| {
        let index = wizard.step.get().index() as isize + offset;
        (0..Step::ALL.len() as isize).contains(&index).then(|| Step::ALL[index as usize])
    };
    let go = move |step: Step| {
        wizard.go(step);
        if wizard.step.get_untracked() == step {
            browser::focus(&format!("wz-step-{}", step.key()));
        }
    };
    view! {
        <div class="wz-nav">
            {move || {
                neighbour(-1)
                    .map(|step| {
                        view! {
                            <button type="button" class="wz-button" on:click=move |_| go(step)>
                                "Back"
                            </button>
                        }
                    })
            }}
            <span class="wz-nav__spacer"></span>
            {move || {
                neighbour(1)
                    .map(|step| {
                        view! {
                            <button type="button" class="wz-button wz-button--primary" on:click=move |_| go(step)>
                                {format!("Next: {}", step.title())}
                            </button>
                        }
                    })
            }}
        </div>
    }
}

/// The step being shown.
#[component]
pub fn CurrentStep() -> impl IntoView {
    let wizard = wizard();
    move || {
        let step = wizard.step.get();
        let body = match step {
            Step::Fork => view! { <ForkStep /> }.into_any(),
            Step::Options => view! { <OptionsStep /> }.into_any(),
            Step::Deploy => view! { <DeployStep /> }.into_any(),
            Step::Secrets => view! { <SecretsStep /> }.into_any(),
            Step::Verify => view! { <VerifyStep /> }.into_any(),
        };
        view! {
            <section class="wz-step" aria-labelledby=format!("wz-step-{}", step.key())>
                <h2 class="wz-step__title" id=format!("wz-step-{}", step.key()) tabindex="-1">
                    {format!("{}. {}", step.index() + 1, step.title())}
                </h2>
                {body}
            </section>
        }
    }
}
