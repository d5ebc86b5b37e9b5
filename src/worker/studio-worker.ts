/// <reference lib="webworker" />
/** The studio's Web Worker: owns the GPU device, the loaded table and IndexedDB. */
import { expose } from 'comlink';
import { acquireGpu } from '../kernels/gpu-context';
import { createRuntime } from '../kernels/runtime';
import { studioCore } from './core';
import { RunDb } from './run-db';
import { StudioService } from './studio-service';

const db = RunDb.connect();
expose(new StudioService(studioCore, db, async () => createRuntime(await acquireGpu(navigator.gpu))));
