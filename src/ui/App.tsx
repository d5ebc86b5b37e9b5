import { AdapterStatus } from './AdapterStatus';

export function App() {
  return (
    <main>
      <h1>tabgraa studio</h1>
      <AdapterStatus />
    </main>
  );
}
