import { AGENT_AUTH_TYPES } from '@switchboard/a2a-protocol';
import type { AgentCreate } from '@switchboard/api-contract';
import { get, useWatch, type UseFormReturn } from 'react-hook-form';
import { Field } from '../../../components/Field';
import { inputClass } from '../../../components/styles';
import { AUTH_TYPE_LABELS, authFieldsFor, type AgentFormValues } from '../lib/agent-form';
import { HeadersEditor } from './HeadersEditor';

type AgentForm = UseFormReturn<AgentFormValues, unknown, AgentCreate>;

/** Auth type select plus the credential inputs that type needs (from AGENT_AUTH_SCHEMAS). */
export function AuthFields({ form }: { form: AgentForm }) {
  const authType = useWatch({ control: form.control, name: 'authType' });
  const errors = form.formState.errors;
  const fields = authFieldsFor(authType);

  return (
    <div className="space-y-5">
      <Field
        label="Auth type"
        hint="How the gateway authenticates to the agent."
        error={errors.authType?.message}
        className="max-w-sm"
      >
        {(control) => (
          <select {...control} {...form.register('authType')} className={inputClass}>
            {AGENT_AUTH_TYPES.map((type) => (
              <option key={type} value={type}>
                {AUTH_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        )}
      </Field>

      {fields.length > 0 && (
        <div className="grid gap-5 sm:grid-cols-2" data-testid="auth-fields">
          {fields.map((field) =>
            field.kind === 'headers' ? (
              <div key={field.name} className="sm:col-span-2">
                <HeadersEditor form={form} />
              </div>
            ) : (
              <Field
                key={`${authType}.${field.name}`}
                label={field.label}
                required={field.required}
                hint={
                  [
                    field.required
                      ? ''
                      : field.defaultValue
                        ? `Default: ${field.defaultValue}.`
                        : 'Optional.',
                    field.list ? 'Separate several with spaces.' : '',
                    field.secret ? 'Secret: stored encrypted, never shown again.' : '',
                  ]
                    .filter(Boolean)
                    .join(' ') || undefined
                }
                error={get(errors, `auth.${field.name}.message`)}
              >
                {(control) =>
                  field.multiline ? (
                    <textarea
                      {...control}
                      {...form.register(`auth.${field.name}`)}
                      rows={4}
                      className={`${inputClass} font-mono`}
                      autoComplete="off"
                      spellCheck={false}
                    />
                  ) : (
                    <input
                      {...control}
                      {...form.register(`auth.${field.name}`)}
                      type={field.inputType}
                      className={inputClass}
                      autoComplete={field.secret ? 'new-password' : 'off'}
                      spellCheck={false}
                      placeholder={field.defaultValue || undefined}
                    />
                  )
                }
              </Field>
            ),
          )}
        </div>
      )}
    </div>
  );
}
