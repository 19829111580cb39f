/** Stars in words and glyphs: "★★★★☆ 4.3 (12 reviews)"; the glyphs are hidden from screen readers, the words are not. */
export function Stars({ rating }: { rating: number }) {
  const full = Math.round(rating);
  return (
    <span className="stars" title={`${rating} out of 5`}>
      <span aria-hidden="true">{'★'.repeat(full) + '☆'.repeat(5 - full)}</span>
      <span className="visually-hidden">{rating} out of 5 stars</span>
    </span>
  );
}

export function RatingLine({ rating }: { rating?: { average: number; count: number } | undefined }) {
  if (!rating) return <p className="small muted">No reviews yet</p>;
  return (
    <p className="small" data-testid="service-rating">
      <Stars rating={rating.average} /> {rating.average.toFixed(1)} ({rating.count === 1 ? '1 review' : `${rating.count} reviews`})
    </p>
  );
}
