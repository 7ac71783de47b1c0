// Homework lab 2's training widget (<train-in-browser>): the reader picks a network, a dataset and
// the recipe, trains it in a Web Worker (src/runtime/training-runner.ts) and watches it learn —
// progress, live curves, and a film of the strip's attention maps and CAMs. A finished run shows
// its test accuracy, can replace the weights of every widget that shows that network, is offered
// as a download with its model card, and is kept in this browser's saved models.
// For tests and tools the host carries data-state (ready | training | paused | done | cancelled |
// diverged | error), data-backend, data-weights-sha256 (a finished run) and data-worker-tensors
// (tf.memory().numTensors in the worker after the last run ended).
import { version_core } from '@tensorflow/tfjs-core';
import { getModel } from '../lib/models/registry';
import { labModelCard } from '../lib/train/lab-card';
import { labRunSteps, type LabTrainingSettings } from '../lib/train/lab-training';
import type { TrainProgress } from '../lib/train/trainer';
import { SupersededError } from '../runtime/session';
import type { FromTrainingWorker, TrainingOutcome } from '../runtime/training-protocol';
import { TrainingRunner } from '../runtime/training-runner';
import { button, errorMessage, h, uid } from './dom';
import { WidgetFrame } from './frame';
import { LiveCurves } from './train-curves';
import { TrainingFilm } from './train-film';
import { SavedModels } from './train-saved';
import { trainingForm } from './train-settings';
import { unusableReason, useTrainedWeights, weightsFileName } from './train-weights';
import { WidgetState } from './widget-state';

type RunState = 'ready' | 'training' | 'paused' | 'done' | 'cancelled' | 'diverged' | 'error';

const BACKEND_NAMES: Readonly<Record<string, string>> = { wasm: 'WebAssembly', webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'plain JavaScript' };
const backendName = (b: string) => BACKEND_NAMES[b] ?? b;
const pct = (v: number) => `${(100 * v).toFixed(2)} %`;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '…';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Train a network in your browser' });
  const state = new WidgetState(host.dataset.key ?? 'train');
  const form = trainingForm(state);
  const runner = new TrainingRunner();
  const curves = new LiveCurves();
  const film = new TrainingFilm();
  const saved = new SavedModels();

  // Controls and what they say, next to them.
  const start = button('Start');
  const pause = button('Pause', { disabled: true });
  const resume = button('Resume', { disabled: true });
  const cancel = button('Cancel', { disabled: true });
  const startNote = h('p', { class: 'train-field__error', id: uid('train-start-note'), hidden: true });
  start.setAttribute('aria-describedby', startNote.id);
  const progressId = uid('train-progress');
  const progress = h('progress', { id: progressId, max: 1, value: 0 });
  const phase = h('p', { class: 'train-phase', role: 'status', 'aria-live': 'polite', text: 'Not started.' });
  const speed = h('span', { class: 'train-speed' });
  const alert = h('p', { class: 'widget-error', role: 'alert', hidden: true });

  // The finished run.
  const accuracy = h('p', { class: 'train-accuracy' });
  const details = h('p', { class: 'widget-summary' });
  const use = button('Use in all widgets');
  const useNote = h('span', { class: 'train-field__hint', id: uid('train-use-note') });
  const useFeedback = h('span', { class: 'train-use__feedback', role: 'status' });
  const weightsLink = h('a', { class: 'button', text: 'Download weights' });
  const cardLink = h('a', { class: 'button', text: 'Download model card' });
  const result = h(
    'section',
    { class: 'train-result', 'aria-label': 'Trained model', hidden: true },
    accuracy,
    details,
    h('div', { class: 'button-row' }, use, weightsLink, cardLink),
    useNote,
    useFeedback,
  );

  frame.body.append(
    h('p', {
      class: 'widget-summary',
      text: 'Everything runs in this browser, in a background worker: the page stays usable while it trains, and nothing is uploaded.',
    }),
    form.element,
    h('div', { class: 'button-row train-buttons' }, start, pause, resume, cancel),
    startNote,
    h('div', { class: 'train-progress' }, h('label', { for: progressId, text: 'Training progress' }), progress, speed),
    phase,
    alert,
    result,
    curves.element,
    film.element,
    saved.element,
  );

  let runState: RunState = 'ready';
  let run: { id: number; settings: LabTrainingSettings; steps: number } | null = null;
  let pausing = false;
  let cancelling = false;
  let lastStep = 0;
  let urls: string[] = [];

  const setRunState = (next: RunState) => {
    runState = next;
    host.setAttribute('data-state', next);
    refreshButtons();
  };
  const refreshButtons = () => {
    const problems = form.problems();
    const count = Object.keys(problems).length;
    start.disabled = count > 0;
    startNote.hidden = count === 0;
    startNote.textContent = count
      ? `Start is off: ${count === 1 ? 'one setting above is' : `${count} settings above are`} refused (see the reason next to it).`
      : '';
    const active = runState === 'training' || runState === 'paused';
    pause.disabled = runState !== 'training' || pausing || cancelling;
    resume.disabled = runState !== 'paused' || cancelling;
    cancel.disabled = !active || cancelling;
  };
  form.onChange(refreshButtons);
  // Before the first run the film's rows already name what they will show for the chosen network.
  const labelFilm = () => {
    const problems = form.problems();
    if (run === null && !problems.model && !problems.dataset) film.reset(form.settings());
  };
  form.onChange(labelFilm);

  const showAlert = (text: string | null) => {
    alert.hidden = text === null;
    alert.textContent = text ?? '';
  };
  const setProgress = (value: number | null, max = 1) => {
    if (value === null) progress.removeAttribute('value');
    else {
      progress.max = max;
      progress.value = Math.min(value, max);
    }
  };
  const showProgress = (p: TrainProgress) => {
    if (!run) return;
    lastStep = p.step;
    setProgress(p.step, run.steps);
    phase.textContent = `Training: epoch ${p.epoch} of ${p.epochs}, batch ${p.batch.toLocaleString('en')} of ${p.batches.toLocaleString('en')} (step ${p.step.toLocaleString('en')} of ${run.steps.toLocaleString('en')}); loss ${p.loss.toFixed(3)}, accuracy ${pct(p.accuracy)} this epoch.`;
    speed.textContent = `${Math.round(p.imagesPerSecond).toLocaleString('en')} images/s · about ${duration(p.etaSeconds)} left`;
  };
  const forgetUrls = () => {
    urls.forEach((u) => URL.revokeObjectURL(u));
    urls = [];
  };
  const ended = (tensors: number) => {
    host.setAttribute('data-worker-tensors', String(tensors));
    pausing = false;
    cancelling = false;
    curves.flush();
    speed.textContent = '';
  };

  const finish = (settings: LabTrainingSettings, outcome: TrainingOutcome) => {
    const name = weightsFileName(settings);
    const finished = new Date().toISOString();
    const card = labModelCard({
      settings,
      backend: outcome.backend,
      tfjs: version_core,
      runtime: navigator.userAgent,
      weights: { file: name, bytes: outcome.safetensors.byteLength, sha256: outcome.sha256 },
      data: outcome.data,
      history: outcome.history,
      curve: [...curves.training],
      validation: [...curves.validation],
      test: outcome.test,
      trainSeconds: outcome.trainSeconds,
      steps: outcome.steps,
      finished,
    });
    const cardJson = `${JSON.stringify(card, null, 2)}\n`;
    const bytes = outcome.safetensors as Uint8Array<ArrayBuffer>;
    forgetUrls();
    const weightsUrl = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const cardUrl = URL.createObjectURL(new Blob([cardJson], { type: 'application/json' }));
    urls = [weightsUrl, cardUrl];
    weightsLink.href = weightsUrl;
    weightsLink.download = name;
    weightsLink.textContent = `Download weights (${name})`;
    cardLink.href = cardUrl;
    cardLink.download = name.replace(/\.safetensors$/, '.card.json');
    const test = outcome.test;
    // The epochs' own speed (batches and what runs between them), as `npm run bench` reads it.
    const rates = outcome.history.map((e) => e.imagesPerSecond);
    host.setAttribute('data-images-per-second', (rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length)).toFixed(1));
    host.setAttribute('data-train-seconds', outcome.trainSeconds.toFixed(1));
    host.setAttribute('data-test-accuracy', test.accuracy.toFixed(4));
    accuracy.textContent = `Test accuracy: ${pct(test.accuracy)}`;
    details.textContent = `${Math.round(test.accuracy * test.count).toLocaleString('en')} of ${test.count.toLocaleString('en')} test images right (loss ${test.loss.toFixed(4)}); ${outcome.steps.toLocaleString('en')} steps in ${duration(outcome.trainSeconds)} on ${backendName(outcome.backend)}; sha256 ${outcome.sha256.slice(0, 16)}…`;
    const why = unusableReason(settings);
    use.disabled = why !== null;
    useNote.textContent =
      why ?? `Checks ${name} like an uploaded file, then every widget that shows the ${getModel(settings.model).label} uses it.`;
    use.setAttribute('aria-describedby', useNote.id);
    useFeedback.textContent = '';
    result.hidden = false;
    host.setAttribute('data-weights-sha256', outcome.sha256);
    // Saved in a task of its own: the result shows first, the page never blocks on both at once.
    setTimeout(
      () =>
        void saved.save({
          name,
          date: finished,
          model: settings.model,
          dataset: settings.dataset,
          testAccuracy: test.accuracy,
          seed: settings.seed,
          sha256: outcome.sha256,
          safetensors: bytes,
          card: cardJson,
        }),
      0,
    );
    use.onclick = () => {
      useFeedback.classList.remove('is-error');
      useFeedback.textContent = `Checking ${name}…`;
      useTrainedWeights(settings, new File([bytes], name, { type: 'application/octet-stream' })).then(
        (text) => (useFeedback.textContent = text),
        (error: unknown) => {
          useFeedback.textContent =
            error instanceof SupersededError
              ? `${name} was not used: a later choice of weights replaced it.`
              : `${name} was not used: ${errorMessage(error)}`;
          useFeedback.classList.toggle('is-error', !(error instanceof SupersededError));
        },
      );
    };
  };

  // The runner hands over only the current run's messages.
  const onMessage = (m: FromTrainingWorker) => {
    if (!run) return;
    const settings = run.settings;
    switch (m.type) {
      case 'status':
        if (m.backend) host.setAttribute('data-backend', m.backend);
        host.setAttribute('data-phase', m.phase);
        if (m.phase === 'starting') {
          setProgress(null);
          phase.textContent = 'Starting the training worker…';
        } else if (m.phase === 'loading data') {
          setProgress(m.done, m.total);
          phase.textContent = `Loading data ${m.done} of ${m.total}${m.backend ? ` (training on ${backendName(m.backend)})` : ''}…`;
        } else if (m.phase === 'training') {
          setProgress(0, run.steps);
          phase.textContent = `Training on ${backendName(m.backend ?? '')}…`;
        } else {
          setProgress(m.done, m.total);
          speed.textContent = '';
          phase.textContent = `Testing: ${m.done.toLocaleString('en')} of ${m.total.toLocaleString('en')} test images scored…`;
        }
        break;
      case 'progress':
        if (runState === 'training') showProgress(m.progress);
        else lastStep = m.progress.step;
        break;
      case 'curve':
        curves.addTraining(m.point);
        break;
      case 'validation':
        curves.addValidation(m.point);
        break;
      case 'strip':
        film.setStrip(m.images);
        break;
      case 'frame':
        film.add(m.frame);
        break;
      case 'epoch':
        break; // the validation curve shows each epoch's held-out score
      case 'paused':
        pausing = false;
        setRunState('paused');
        phase.textContent = `Paused at step ${lastStep.toLocaleString('en')} of ${run.steps.toLocaleString('en')}. Resume to go on; the film and curves so far stay.`;
        speed.textContent = '';
        break;
      case 'resumed':
        setRunState('training');
        phase.textContent = `Training resumed at step ${lastStep.toLocaleString('en')}…`;
        break;
      case 'done':
        ended(m.tensors);
        setProgress(1, 1);
        phase.textContent = `Done: ${m.outcome.steps.toLocaleString('en')} steps and the test set, on ${backendName(m.outcome.backend)}.`;
        host.setAttribute('data-backend', m.outcome.backend);
        finish(settings, m.outcome);
        setRunState('done');
        break;
      case 'cancelled':
        ended(m.tensors);
        phase.textContent = `Cancelled at step ${lastStep.toLocaleString('en')}. The film and curves so far are kept; Start begins a new run.`;
        setRunState('cancelled');
        break;
      case 'diverged': {
        ended(m.tensors);
        const last = film.frames.at(-1);
        phase.textContent = `Stopped: training diverged at step ${m.step.toLocaleString('en')}.`;
        showAlert(
          `Training diverged at step ${m.step.toLocaleString('en')} (${m.message}). Try a smaller learning rate (this run used ${settings.learningRate}); the film up to the last good frame${last ? ` (step ${last.step.toLocaleString('en')})` : ''} is kept.`,
        );
        setRunState('diverged');
        break;
      }
      case 'error':
        ended(m.tensors);
        phase.textContent = 'Stopped by an error.';
        showAlert(`Training stopped: ${m.message}`);
        setRunState('error');
        break;
    }
  };

  start.addEventListener('click', () => {
    if (Object.keys(form.problems()).length > 0) return;
    const settings = form.settings();
    // A new run supersedes the one before; the runner drops the old run's messages.
    showAlert(null);
    result.hidden = true;
    for (const stale of ['data-weights-sha256', 'data-images-per-second', 'data-train-seconds', 'data-test-accuracy'])
      host.removeAttribute(stale);
    host.setAttribute('data-phase', 'starting');
    forgetUrls();
    curves.reset();
    film.reset(settings);
    pausing = false;
    cancelling = false;
    lastStep = 0;
    speed.textContent = '';
    setProgress(null);
    phase.textContent = 'Starting the training worker…';
    const steps = labRunSteps(settings);
    const id = runner.start(settings, form.backend(), onMessage);
    run = { id, settings, steps };
    setRunState('training');
  });
  pause.addEventListener('click', () => {
    pausing = true;
    refreshButtons();
    phase.textContent = 'Pausing after this batch…';
    runner.pause();
  });
  resume.addEventListener('click', () => {
    runner.resume();
    resume.disabled = true;
  });
  cancel.addEventListener('click', () => {
    cancelling = true;
    refreshButtons();
    phase.textContent = 'Cancelling after this batch…';
    runner.cancel();
  });

  labelFilm();
  frame.ready();
  frame.setStatus('');
  setRunState('ready'); // 'ready' like every widget once it can be used; later states name the run's
}
