/**
 * JSON-RPC method names: v0.3 (`noun/verb`) → v1.0 (PascalCase). Same table as the @a2a-js/sdk compat layer.
 * v1.0's `ListTasks` has no v0.3 counterpart.
 */
export const METHOD_NAMES = {
  'message/send': 'SendMessage',
  'message/stream': 'SendStreamingMessage',
  'tasks/get': 'GetTask',
  'tasks/cancel': 'CancelTask',
  'tasks/resubscribe': 'SubscribeToTask',
  'tasks/pushNotificationConfig/set': 'CreateTaskPushNotificationConfig',
  'tasks/pushNotificationConfig/get': 'GetTaskPushNotificationConfig',
  'tasks/pushNotificationConfig/list': 'ListTaskPushNotificationConfigs',
  'tasks/pushNotificationConfig/delete': 'DeleteTaskPushNotificationConfig',
  'agent/getAuthenticatedExtendedCard': 'GetExtendedAgentCard',
} as const;

export type V03MethodName = keyof typeof METHOD_NAMES;
export type V10MethodName = (typeof METHOD_NAMES)[V03MethodName];

const V10_TO_V03 = Object.fromEntries(Object.entries(METHOD_NAMES).map(([v03, v10]) => [v10, v03])) as Record<
  V10MethodName,
  V03MethodName
>;

/** The v1.0 name of a v0.3 method; undefined if it is not a v0.3 A2A method. */
export function methodFromV03(method: string): V10MethodName | undefined {
  // hasOwn, not `in`: a method called "toString" must not find Object.prototype.toString.
  return Object.hasOwn(METHOD_NAMES, method) ? METHOD_NAMES[method as V03MethodName] : undefined;
}

/** The v0.3 name of a v1.0 method; undefined if it has none (`ListTasks`) or is not an A2A method. */
export function methodToV03(method: string): V03MethodName | undefined {
  return Object.hasOwn(V10_TO_V03, method) ? V10_TO_V03[method as V10MethodName] : undefined;
}
