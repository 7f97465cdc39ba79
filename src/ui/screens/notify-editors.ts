// The editors of Work with Channels (F6 Create: name and type first, then that type's settings; 2=Change) and
// Work with Escalation Procedures (a description and up to eight steps in the `--step` form). Enter saves through
// the notify service, which validates the whole channel or procedure; F12 leaves everything as it was.
import { PROCEDURE_STEPS, type FormValues } from '../../core/notify-service.js';
import type { Services } from '../../core/services.js';
import type { PromptField } from '../render-prompt.js';
import type { Outcome } from '../screen.js';
import { PromptForm } from './prompt-form.js';

const SECRET_HINT = 'env:VAR or secret:KEY';
const TYPES = ['email', 'sms', 'webhook', 'command'];

const COMMON: PromptField[] = [
  { key: 'subject', label: 'Subject template', width: 200 },
  { key: 'rate', label: 'Rate limit', width: 9, hint: 'COUNT/MINUTES, e.g. 10/60' },
  { key: 'digest', label: 'Digest window (seconds)', width: 6 },
  { key: 'suppress', label: 'Same message again (minutes)', width: 6 },
  { key: 'quiet', label: 'Quiet hours', width: 36, hint: '22:00-07:00,sat@ZONE' },
  { key: 'retry', label: 'Retry', width: 9, hint: 'ATTEMPTS/SECONDS, e.g. 4/2' },
  { key: 'timeout', label: 'Timeout (seconds)', width: 6 },
];

const SMTP: PromptField[] = [
  { key: 'host', label: 'SMTP server', width: 60 },
  { key: 'port', label: 'Port', width: 5, hint: '587; 465 with tls' },
  { key: 'tls', label: 'TLS', width: 8, hint: 'starttls, tls or none' },
  { key: 'user', label: 'User', width: 40 },
  { key: 'password', label: 'Password from', width: 60, hint: SECRET_HINT },
  { key: 'from', label: 'From', width: 60 },
  { key: 'to', label: 'To (comma separated)', width: 200 },
];

/** The setting fields of a channel type (and SMS gateway). */
function fieldsOf(type: string, gateway: string | undefined): PromptField[] {
  if (type === 'webhook')
    return [{ key: 'url', label: 'URL', width: 200 }, { key: 'hmac', label: 'HMAC-SHA256 key from', width: 60, hint: SECRET_HINT }, ...COMMON];
  if (type === 'command')
    return [{ key: 'program', label: 'Program (absolute path)', width: 200 }, { key: 'args', label: 'Arguments (space separated)', width: 200 }, ...COMMON];
  if (type === 'sms' && gateway === 'http')
    return [
      { key: 'url', label: 'SMS API URL', width: 200 },
      { key: 'method', label: 'Method', width: 6, hint: 'POST, PUT or GET' },
      { key: 'format', label: 'Format', width: 5, hint: 'form or json' },
      { key: 'params', label: 'Parameters', width: 200, hint: 'name=TEMPLATE; …' },
      { key: 'auth', label: 'Authorization from', width: 60, hint: SECRET_HINT },
      ...COMMON,
    ];
  return [...SMTP, ...COMMON];
}

/** The settings of one channel: `values` holds name, type (and gateway), fixed here, and the settings so far. */
export function channelEditor(services: Services, values: FormValues, replacing: string | null): PromptForm {
  const fixed = { name: values.name ?? '', type: values.type ?? '', ...(values.gateway ? { gateway: values.gateway } : {}) };
  const kind = `${fixed.type}${fixed.gateway ? ` (${fixed.gateway} gateway)` : ''}`;
  return new PromptForm(
    'channel-editor',
    fieldsOf(fixed.type, fixed.gateway),
    values,
    (v) => {
      const r = services.notify.saveChannel({ ...v, ...fixed }, replacing);
      return r.ok ? { pop: true, message: { text: r.message, error: false } } : { error: r.error, ...(r.field ? { field: r.field } : {}) };
    },
    `Channel ${fixed.name}, ${kind}. Settings without a field here are kept.`,
    replacing === null ? 'Create Channel' : 'Change Channel',
  );
}

/** F6 on Work with Channels: name and type (and an SMS gateway), then Enter opens that type's settings. */
export function channelCreate(services: Services): PromptForm {
  const fields: PromptField[] = [
    { key: 'name', label: 'Channel name', width: 63 },
    { key: 'type', label: 'Type', width: 7, hint: 'email, sms, webhook or command' },
    { key: 'gateway', label: 'SMS gateway', width: 5, hint: 'sms only: email or http' },
  ];
  return new PromptForm(
    'channel-editor',
    fields,
    {},
    (v): { error: string; field?: string } | Outcome => {
      const name = v.name?.trim() ?? '';
      const type = v.type?.trim() ?? '';
      const gateway = v.gateway?.trim() || undefined;
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name)) return { error: 'Channel name: letters, digits, dot, dash or underscore.', field: 'name' };
      if (services.notify.channelValues(name)) return { error: `Channel ${name} exists already: change it with 2.`, field: 'name' };
      if (!TYPES.includes(type)) return { error: `Type ${type || '(blank)'} not valid: type email, sms, webhook or command.`, field: 'type' };
      if (type === 'sms' && gateway !== 'email' && gateway !== 'http') return { error: 'SMS gateway: type email or http.', field: 'gateway' };
      return {
        replace: [
          channelEditor(services, { name, type, ...(type === 'sms' ? { gateway: gateway! } : {}), ...(type === 'email' ? { tls: 'starttls' } : {}) }, null),
        ],
      };
    },
    'Enter shows the settings of the type.',
    'Create Channel',
  );
}

/** The procedure editor: name (when creating), description, steps 1–8. */
export function procedureEditor(services: Services, values: FormValues, replacing: string | null): PromptForm {
  const fields: PromptField[] = [
    ...(replacing === null ? [{ key: 'name', label: 'Procedure name', width: 63 }] : []),
    { key: 'description', label: 'Description', width: 200 },
    ...Array.from({ length: PROCEDURE_STEPS }, (_, i) => ({ key: `step${i + 1}`, label: `Step ${i + 1}`, width: 200 })),
  ];
  return new PromptForm(
    'procedure-editor',
    fields,
    values,
    (v) => {
      const r = services.notify.saveProcedure({ ...v, ...(replacing !== null ? { name: replacing } : {}) }, replacing);
      return r.ok ? { pop: true, message: { text: r.message, error: false } } : { error: r.error, ...(r.field ? { field: r.field } : {}) };
    },
    `${replacing === null ? '' : `Procedure ${replacing}. `}Minutes count from the message; acknowledging it stops the procedure. OPTIONS: every=M,times=N;hours=08:00-18:00,mon,tue@ZONE. Blank steps are dropped.`,
    replacing === null ? 'Create Escalation Procedure' : 'Change Escalation Procedure',
  );
}
