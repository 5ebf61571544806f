import { AGENT_AUTH_TYPES, type AgentAuthType } from '@switchboard/a2a-protocol';
import { get, useWatch, type UseFormReturn } from 'react-hook-form';
import { Field } from '../../../components/Field';
import { inputClass } from '../../../components/styles';
import { AUTH_TYPE_LABELS, authFieldsFor, type AgentFormValues } from '../lib/agent-form';
import { HeadersEditor } from './HeadersEditor';

/** Any agent form (register or edit): these inputs do not depend on what the form submits. */
type AgentForm = UseFormReturn<AgentFormValues, unknown, unknown>;

/** Auth type select plus the credential inputs that type needs (from AGENT_AUTH_SCHEMAS). */
export function AuthFields({ form, storedAuthType }: { form: AgentForm; storedAuthType?: AgentAuthType }) {
  const authType = useWatch({ control: form.control, name: 'authType' });
  const errors = form.formState.errors;
  const fields = authFieldsFor(authType);
  // Editing with the stored type: empty secret inputs keep the stored secret.
  const keepsSecret = storedAuthType !== undefined && storedAuthType === authType;

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
                <HeadersEditor form={form} keepsSecret={keepsSecret} />
              </div>
            ) : (
              <Field
                key={`${authType}.${field.name}`}
                label={field.label}
                required={field.required && !(keepsSecret && field.secret)}
                hint={
                  [
                    field.required
                      ? ''
                      : field.defaultValue
                        ? `Default: ${field.defaultValue}.`
                        : 'Optional.',
                    field.list ? 'Separate several with spaces.' : '',
                    field.secret
                      ? keepsSecret
                        ? 'Secret: leave empty to keep the stored one.'
                        : 'Secret: stored encrypted, never shown again.'
                      : '',
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
