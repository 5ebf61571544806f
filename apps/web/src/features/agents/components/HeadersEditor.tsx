import { get, useFieldArray, type UseFormReturn } from 'react-hook-form';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { inputClass } from '../../../components/styles';
import type { AgentFormValues } from '../lib/agent-form';

/** Any agent form (register or edit): these inputs do not depend on what the form submits. */
type AgentForm = UseFormReturn<AgentFormValues, unknown, unknown>;

/** Key/value rows for the `headers` auth type; every value is a secret. */
export function HeadersEditor({ form, keepsSecret = false }: { form: AgentForm; keepsSecret?: boolean }) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'authHeaders' });
  const errors = form.formState.errors;
  const rootError: string | undefined = errors.authHeaders?.root?.message ?? errors.authHeaders?.message;

  return (
    <fieldset className="space-y-3" aria-describedby={rootError ? 'auth-headers-error' : undefined}>
      <legend className="text-sm font-medium text-slate-900 dark:text-slate-100">Headers</legend>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Sent with every call to the agent. Values are stored encrypted and never shown again
        {keepsSecret ? '; leave every value empty to keep the stored headers.' : '.'}
      </p>
      {fields.map((field, index) => {
        const number = index + 1;
        return (
          <div
            key={field.id}
            className="grid items-start gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto]"
          >
            <Field label={`Header ${number} name`} error={get(errors, `authHeaders.${index}.name.message`)}>
              {(control) => (
                <input
                  {...control}
                  {...form.register(`authHeaders.${index}.name`)}
                  type="text"
                  className={`${inputClass} font-mono`}
                  placeholder="X-Api-Key"
                  autoComplete="off"
                  spellCheck={false}
                />
              )}
            </Field>
            <Field label={`Header ${number} value`} error={get(errors, `authHeaders.${index}.value.message`)}>
              {(control) => (
                <input
                  {...control}
                  {...form.register(`authHeaders.${index}.value`)}
                  type="password"
                  className={inputClass}
                  autoComplete="new-password"
                />
              )}
            </Field>
            <Button
              variant="ghost"
              className="sm:mt-7"
              aria-label={`Remove header ${number}`}
              disabled={fields.length === 1}
              onClick={() => remove(index)}
            >
              Remove
            </Button>
          </div>
        );
      })}
      {rootError && (
        <p id="auth-headers-error" className="text-sm text-red-700 dark:text-red-300">
          {rootError}
        </p>
      )}
      <Button variant="secondary" size="sm" onClick={() => append({ name: '', value: '' })}>
        Add header
      </Button>
    </fieldset>
  );
}
