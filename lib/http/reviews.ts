/**
 * The reviews' contract (booking-processor's LEAVE_REVIEW, EDIT_REVIEW, REPLY_TO_REVIEW, GET_BOOKING_REVIEW,
 * LIST_SERVICE_REVIEWS; refund-processor's ADMIN_HIDE_REVIEW): request schemas and response shapes. Shapes and sizes
 * here; the rules (stars 1–5, lengths, who, when) in lib/domain/reviews.ts, so a refusal reads the same everywhere.
 */
import { z } from 'zod';
import { id } from './fields';

const rating = z.number({ error: 'Choose a rating from 1 to 5 stars' });
const text = z.string({ error: 'The review must be text' }).trim().max(10_000).default('');

export const reviewRequests = {
  LEAVE_REVIEW: z.object({ bookingId: id, rating, text }).strict(),
  EDIT_REVIEW: z.object({ bookingId: id, rating, text }).strict(),
  REPLY_TO_REVIEW: z.object({ bookingId: id, reply: z.string({ error: 'Write a reply' }).trim().max(10_000) }).strict(),
  GET_BOOKING_REVIEW: z.object({ bookingId: id }).strict(),
  LIST_SERVICE_REVIEWS: z.object({ serviceId: id, limit: z.number().int().min(1).max(100).default(50) }).strict(),
  ADMIN_HIDE_REVIEW: z.object({ bookingId: id, reason: z.string({ error: 'Give a reason' }).trim().max(10_000) }).strict(),
} as const;

export type ReviewRequest<A extends keyof typeof reviewRequests> = z.infer<(typeof reviewRequests)[A]>;

/** A review as the public sees it on a service page. */
export interface PublicReviewView {
  id: string;
  rating: number;
  text: string;
  authorName: string;
  createdAt: string;
  edited: boolean;
  reply?: { text: string; repliedAt: string };
}

/** A review as its booking's customer, provider or an admin sees it. */
export interface BookingReviewView extends PublicReviewView {
  bookingId: string;
  serviceId: string;
  editableUntil: string;
  /** The customer may still edit it (and it is theirs). */
  canEdit: boolean;
  /** The provider may still reply (and it is theirs). */
  canReply: boolean;
  hidden?: { reason: string; hiddenAt: string };
}

export interface ReviewResponses {
  LEAVE_REVIEW: { review: BookingReviewView };
  EDIT_REVIEW: { review: BookingReviewView };
  REPLY_TO_REVIEW: { review: BookingReviewView };
  /** review null: not reviewed yet; canReview: the caller is the customer and the booking is completed. */
  GET_BOOKING_REVIEW: { review: BookingReviewView | null; canReview: boolean };
  LIST_SERVICE_REVIEWS: { reviews: PublicReviewView[]; rating?: { average: number; count: number } };
  ADMIN_HIDE_REVIEW: { review: BookingReviewView };
}
