/// <reference lib="webworker" />
/** The studio's Web Worker: owns the GPU device, the loaded table and IndexedDB. */
import { expose } from 'comlink';
import { studioGpu } from './gpu-binding';
import { RunDb } from './run-db';
import { StudioService } from './studio-service';

expose(new StudioService(studioGpu(navigator.gpu), RunDb.connect()));
