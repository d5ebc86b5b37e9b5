/** A labelled whole-number input; an empty or invalid entry reaches `onChange` as NaN (the worker's check names it). */
export function NumberField(props: { id: string; label: string; value: number; min: number; max?: number; hint?: string; onChange: (v: number) => void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={1}
        required
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        value={Number.isFinite(props.value) ? props.value : ''}
        onChange={(e) => props.onChange(e.target.valueAsNumber)}
      />
      {props.hint && (
        <span id={`${props.id}-hint`} className="hint small">
          {props.hint}
        </span>
      )}
    </div>
  );
}
