/** A declined payment in words, above the card form (which stays, so the customer can try another card). */
export function PaymentDeclined({ message }: { message: string | null }) {
  return message ? (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">Payment declined</p>
      <p>{message}</p>
    </div>
  ) : null;
}
