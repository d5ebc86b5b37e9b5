// `npm start`: installs dependencies if needed, then serves the studio on 127.0.0.1 with the
// bundled demo table (public/adult.csv) loaded.
import { spawn } from 'node:child_process';
import { ensureNodeModules } from './ensure-setup.mjs';

ensureNodeModules();
const port = process.env.PORT ?? '5173';
const vite = spawn('npx', ['vite', '--host', '127.0.0.1', '--port', port, '--strictPort', '--clearScreen', 'false'], {
  stdio: ['inherit', 'pipe', 'inherit'],
});
let announced = false;
vite.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!announced && String(chunk).includes('127.0.0.1')) {
    announced = true;
    console.log(`\n  tabgraa studio with the demo table: http://127.0.0.1:${port}/?demo=adult\n`);
  }
});
vite.on('exit', (code) => process.exit(code ?? 0));
