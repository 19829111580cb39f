/**
 * The provider's own services: create, edit, deactivate, list. Only the owner changes a service; values are
 * checked by lib/domain/service-rules.ts; the public listing holds a service only while it is active and its
 * provider's payments are ACTIVE (shouldBeListed).
 */
import type { Identity } from '../auth/identity';
import { normalizeServiceDefinition, validateServiceDefinition, type ServiceDefinition } from '../domain/service-rules';
import { modelFields } from '../data/items';
import type { ServiceRecord } from '../data/records';
import { repo } from '../data/repository';
import { deactivateServiceWrite, putNewService, replaceServiceIfUnchanged } from '../data/service-writes';
import type { BookingRequest, ProviderServiceView } from '../http/booking-processor';
import { AppError } from '../http/errors';
import { authorize } from './access';
import { toServiceView } from './catalog';
import { shouldBeListed } from './account-sync';
import { ensureProfile } from './connect';
import type { Deps } from '../ports';

/** Keeps every status change of a provider within one DynamoDB transaction (see accountSyncEffects). */
const MAX_ACTIVE_SERVICES = 50;

const DEFINITION_KEYS = [
  'title',
  'category',
  'description',
  'priceCents',
  'currency',
  'pricingUnit',
  'durationMinutes',
  'maxGroupSize',
  'cancellationPolicy',
  'timeZone',
  'weeklyAvailability',
  'blockedDates',
  'maxAdvanceDays',
  'minNoticeMinutes',
] as const satisfies readonly (keyof ServiceDefinition)[];

function definitionOf(s: ServiceRecord): ServiceDefinition {
  return Object.fromEntries(DEFINITION_KEYS.map((k) => [k, s[k]])) as unknown as ServiceDefinition;
}

/** 400 with one message per field, or the normalized definition. */
function checked(def: ServiceDefinition): ServiceDefinition {
  const errors = validateServiceDefinition(def);
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new AppError(
      'VALIDATION_FAILED',
      errors.length === 1 ? first.message : `Please fix ${errors.length} problems with the service details.`,
      {
        issues: errors,
        fields: Object.fromEntries(errors.map((e) => [e.path, e.message])),
      },
    );
  }
  return normalizeServiceDefinition(def);
}

function toProviderServiceView(s: ServiceRecord, providerName: string): ProviderServiceView {
  return {
    ...toServiceView(s, providerName),
    weeklyAvailability: s.weeklyAvailability,
    blockedDates: s.blockedDates,
    isActive: s.isActive,
    listed: s.listingStatus === 'LISTED',
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export async function createService(deps: Deps, caller: Identity, input: BookingRequest<'CREATE_SERVICE'>): Promise<ProviderServiceView> {
  const def = checked(input as unknown as ServiceDefinition);
  const profile = await ensureProfile(deps, caller);
  const mine = await repo.servicesOfProvider(deps, caller.userId);
  if (mine.filter((s) => s.isActive).length >= MAX_ACTIVE_SERVICES) {
    throw new AppError('BAD_REQUEST', `You can have at most ${MAX_ACTIVE_SERVICES} active services. Deactivate one first.`, {
      limit: MAX_ACTIVE_SERVICES,
    });
  }
  const now = deps.clock.now();
  const service: ServiceRecord = {
    ...modelFields('Service', deps.ids.newId('svc'), now),
    owner: caller.userId,
    providerId: caller.userId,
    ...def,
    isActive: true,
    ...(shouldBeListed({ isActive: true }, profile.stripeAccountStatus) ? { listingStatus: 'LISTED' as const } : {}),
  };
  await putNewService(deps, service);
  return toProviderServiceView(service, profile.displayName);
}

/** The caller's own service: 404 if it does not exist, 403 if it is someone else's. */
async function loadOwnService(deps: Deps, caller: Identity, serviceId: string): Promise<ServiceRecord> {
  const service = await repo.service(deps, serviceId);
  // Only the owner manages a service; a service is public (the catalogue shows it), so a stranger's refusal is a 403.
  authorize(caller, 'providerResource', service, 'manage', {
    noun: 'Service',
    details: { serviceId },
    forbidden: 'You can only change your own services',
  });
  return service;
}

export async function updateService(deps: Deps, caller: Identity, input: BookingRequest<'UPDATE_SERVICE'>): Promise<ProviderServiceView> {
  const { serviceId, ...changes } = input;
  const service = await loadOwnService(deps, caller, serviceId);
  const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const def = checked({ ...definitionOf(service), ...given } as ServiceDefinition);
  const profile = await ensureProfile(deps, caller);
  const { listingStatus: _previous, ...rest } = service;
  const updated: ServiceRecord = {
    ...rest,
    ...def,
    updatedAt: deps.clock.now().toISOString(),
    ...(shouldBeListed(service, profile.stripeAccountStatus) ? { listingStatus: 'LISTED' as const } : {}),
  };
  if (!(await replaceServiceIfUnchanged(deps, service, updated))) {
    throw new AppError('CONFLICT', 'This service was changed meanwhile. Reload it and try again.', { serviceId });
  }
  return toProviderServiceView(updated, profile.displayName);
}

export async function deactivateService(deps: Deps, caller: Identity, serviceId: string): Promise<ProviderServiceView> {
  const service = await loadOwnService(deps, caller, serviceId);
  const profile = await ensureProfile(deps, caller);
  const now = deps.clock.now().toISOString();
  await deactivateServiceWrite(deps, service, now);
  const { listingStatus: _removed, ...rest } = service;
  return toProviderServiceView({ ...rest, isActive: false, updatedAt: now }, profile.displayName);
}

export async function listMyServices(deps: Deps, caller: Identity): Promise<ProviderServiceView[]> {
  const [services, profile] = await Promise.all([repo.servicesOfProvider(deps, caller.userId), repo.userProfile(deps, caller.userId)]);
  return services.map((s) => toProviderServiceView(s, profile?.displayName ?? caller.email));
}
