import type { InputHTMLAttributes, Ref } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'> {
  id: string;
  label: string;
  /** Shown under the label and announced with the input. */
  hint?: string;
  /** The field's validation message; marks the input invalid and is announced with it. */
  error?: string;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input with its hint and error wired up for screen readers (aria-describedby / aria-invalid). */
export function TextField({ id, label, hint, error, ref, ...input }: TextFieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
      <input
        ref={ref}
        id={id}
        className="input"
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {error ? (
        <span id={errorId} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** The form-level error, in a live region so it is announced when it appears. */
export function FormAlert({ id, message }: { id?: string; message: string | null }) {
  return (
    <div aria-live="assertive">
      {message ? (
        <div id={id} className="alert alert--error" role="alert">
          {message}
        </div>
      ) : null}
    </div>
  );
}
