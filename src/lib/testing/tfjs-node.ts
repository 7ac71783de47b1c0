// For unit tests only: tfjs in Node the way the CLIs set it up (tools/lib/backend-node.ts), i.e.
// tfjs-core with the pure-JS cpu backend, every gradient (Grad-CAM, training) and the chained
// tensor methods tests use (t.min()) — what the full @tensorflow/tfjs package used to register.
// Imported by the test files that run tfjs; the browser registers its own set in src/runtime.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
