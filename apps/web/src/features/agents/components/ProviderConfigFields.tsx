import { AGENT_PROVIDER_LABELS, providerConfigFields } from '@switchboard/a2a-protocol';
import { get, useWatch, type UseFormReturn } from 'react-hook-form';
import { Field } from '../../../components/Field';
import { checkboxClass, inputClass } from '../../../components/styles';
import type { AgentFormValues } from '../lib/agent-form';

/** Any agent form (register or edit): these inputs do not depend on what the form submits. */
type AgentForm = UseFormReturn<AgentFormValues, unknown, unknown>;

const hintOf = (description: string | undefined, fallback: unknown, required: boolean) =>
  [
    description,
    required ? '' : fallback !== undefined ? `Default: ${JSON.stringify(fallback)}.` : 'Optional.',
  ]
    .filter(Boolean)
    .join(' ') || undefined;

/** The settings the chosen provider needs, rendered from its providerConfig schema. */
export function ProviderConfigFields({ form }: { form: AgentForm }) {
  const provider = useWatch({ control: form.control, name: 'provider' });
  const fields = providerConfigFields(provider);
  const errors = form.formState.errors;

  if (fields.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="provider-fields">
        {AGENT_PROVIDER_LABELS[provider]} agents need no settings beyond their endpoint URL.
      </p>
    );
  }
  return (
    <div className="grid gap-5 sm:grid-cols-2" data-testid="provider-fields">
      {fields.map((field) => {
        const path = `providerConfig.${provider}.${field.name}` as const;
        const error = get(errors, `${path}.message`) as string | undefined;
        if (field.kind === 'boolean') {
          return (
            <label
              key={path}
              className="flex items-center gap-3 text-sm font-medium text-slate-900 dark:text-slate-100"
            >
              <input {...form.register(path)} type="checkbox" className={checkboxClass} />
              {field.title}
            </label>
          );
        }
        const wide = field.kind === 'longText' || field.kind === 'json';
        return (
          <Field
            key={path}
            label={field.title}
            required={field.required}
            hint={hintOf(field.description, field.default, field.required)}
            error={error}
            className={wide ? 'sm:col-span-2' : undefined}
          >
            {(control) =>
              field.kind === 'choice' ? (
                <select {...control} {...form.register(path)} className={inputClass}>
                  <option value="">
                    {field.default !== undefined ? `Default (${String(field.default)})` : '—'}
                  </option>
                  {field.options?.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : wide ? (
                <textarea
                  {...control}
                  {...form.register(path)}
                  rows={field.kind === 'json' ? 5 : 3}
                  spellCheck={false}
                  className={`${inputClass} ${field.kind === 'json' ? 'font-mono' : ''}`}
                  placeholder={field.kind === 'json' ? '{}' : undefined}
                />
              ) : (
                <input
                  {...control}
                  {...form.register(path)}
                  type={field.kind === 'number' || field.kind === 'integer' ? 'number' : 'text'}
                  step={field.kind === 'integer' ? 1 : field.kind === 'number' ? 'any' : undefined}
                  min={field.minimum}
                  max={field.maximum}
                  className={inputClass}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={
                    field.example !== undefined
                      ? String(field.example)
                      : field.default !== undefined
                        ? String(field.default)
                        : undefined
                  }
                />
              )
            }
          </Field>
        );
      })}
    </div>
  );
}
