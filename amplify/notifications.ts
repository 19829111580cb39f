/**
 * Email in AWS: SES v2 from one verified identity, through one configuration set.
 *
 *   notifier (domain-events), reminders + retries (payout-manager, hourly), admin resend (refund-processor)
 *     → ses:SendEmail on the identity (and the configuration set the send names), From limited to MAIL_FROM
 *     → the configuration set suppresses addresses that bounced or complained (the account's suppression list),
 *       so no further mail goes to them
 *
 * The identity is configuration (SES_IDENTITY, verified in SES beforehand: DNS for a domain, a click for an address),
 * as is the sender (MAIL_FROM). The hourly schedule runs payout-manager's notifications step only.
 */
import { Stack, type Stack as StackType } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { CfnConfigurationSet } from 'aws-cdk-lib/aws-ses';

interface NotificationProps {
  /** The verified SES identity: a domain (`bookwell.example`) or an address. */
  identity: string;
  /** The From address (within the identity). */
  fromAddress: string;
  configurationSetName: string;
  /** The functions that send email. */
  senders: IFunction[];
  /** Runs the scheduled notifications step (payout-manager). */
  scheduledRunner: IFunction;
}

/** The bare address of a From value such as `Bookwell <no-reply@bookwell.example>`. */
export const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

export function addNotifications(stack: StackType, props: NotificationProps) {
  const configurationSet = new CfnConfigurationSet(stack, 'NotificationsConfigurationSet', {
    name: props.configurationSetName,
    // a bounce or a complaint puts the address on the account's suppression list: SES refuses later sends to it
    suppressionOptions: { suppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    sendingOptions: { sendingEnabled: true },
  });
  const { account, region, partition } = Stack.of(stack);
  const identityArn = `arn:${partition}:ses:${region}:${account}:identity/${props.identity}`;
  const configurationSetArn = `arn:${partition}:ses:${region}:${account}:configuration-set/${props.configurationSetName}`;

  // SES v2 authorizes a send on the identity and on the configuration set it names; nothing else, and only from MAIL_FROM
  const sendEmail = new PolicyStatement({
    actions: ['ses:SendEmail'],
    resources: [identityArn, configurationSetArn],
    conditions: { StringEquals: { 'ses:FromAddress': addressOf(props.fromAddress) } },
  });
  for (const fn of props.senders) fn.addToRolePolicy(sendEmail);

  // Reminders and retries: hourly, payout-manager's notifications step alone (the daily run includes it too).
  const schedulerRole = new Role(stack, 'NotificationsScheduleRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
  schedulerRole.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.scheduledRunner.functionArn] }));
  const schedule = new CfnSchedule(stack, 'NotificationsHourly', {
    scheduleExpression: 'rate(1 hour)',
    flexibleTimeWindow: { mode: 'OFF' },
    target: {
      arn: props.scheduledRunner.functionArn,
      roleArn: schedulerRole.roleArn,
      input: JSON.stringify({
        version: '0',
        id: '<aws.scheduler.execution-id>',
        'detail-type': 'Scheduled Event',
        source: 'aws.scheduler',
        time: '<aws.scheduler.scheduled-time>',
        resources: ['<aws.scheduler.schedule-arn>'],
        detail: { steps: ['notifications'] },
      }),
    },
  });
  return { configurationSet, identityArn, configurationSetArn, schedule };
}
