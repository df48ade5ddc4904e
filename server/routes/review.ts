import { Router } from 'express';
import { ReviewNextQuerySchema } from '../../shared/review/api.ts';
import { ReviewDecisionSchema } from '../../shared/review/decision.ts';
import { commitInProject, projectGuard, requireLogin } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';
import { checkRequired, labelsValidator } from '../workflow/annotations.ts';
import { nextReview, reviewAnnotation } from '../workflow/review.ts';
import { checkAnnotation } from './itemAccess.ts';

/** The reviewer's calls: the next item at a tier, and a decision on an annotation. */
export function reviewRoutes(ctx: Ctx) {
  const r = Router();

  r.get('/api/projects/:id/review/next', projectGuard(ctx, 'review'), async (req, res) => {
    const q = parse(ReviewNextQuerySchema, req.query);
    const work = await commitInProject(ctx, req, 'review', (p) =>
      nextReview(ctx, p, req.user!, req.projectRole ?? null, q),
    );
    if (work) res.json(work);
    else res.status(204).end();
  });

  r.post('/api/annotations/:id/reviews', requireLogin, async (req, res) => {
    const { annotationId, project } = checkAnnotation(ctx, req, 'review');
    const body = parse(ReviewDecisionSchema, req.body);
    if (body.labels) {
      body.labels = parse(labelsValidator(project.schema), body.labels);
      checkRequired(project, body.labels);
    }
    const user = req.user!;
    const decided = await commitInProject(ctx, req, 'review', (p) => {
      const reviewer = { id: user.id, username: user.username, role: req.projectRole ?? null, ip: req.ip };
      return reviewAnnotation(ctx, p, reviewer, annotationId, body);
    });
    res.status(201).json(decided);
  });

  return r;
}
