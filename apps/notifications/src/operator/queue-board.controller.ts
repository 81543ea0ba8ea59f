import { All, Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Request, RequestHandler, Response } from 'express';
import { Roles } from '@hamkor/auth';
import { DeliveryQueue } from '../delivery/delivery.queue';

/** Where the board lives; its page and its own API calls are all below this path. */
export const QUEUE_BOARD_PATH = '/notifications/operator/board';

/**
 * Bull Board over the notifications queue, for the platform operator: waiting, delayed, active and failed
 * jobs, their data (ids only) and errors, retry and clean. It is served through a controller rather than
 * mounted as raw Express middleware, so the platform's one auth guard decides who sees it, like every
 * other route: a platform_admin bearer token (a browser reaches it through a proxy or extension that adds
 * the header). PostgreSQL stays the record of every message; the board shows only what Redis holds.
 */
@ApiTags('operator')
@Controller('operator/board')
@Roles('platform_admin')
export class QueueBoardController {
  private readonly board: RequestHandler;

  constructor(delivery: DeliveryQueue) {
    const adapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({ queues: [new BullMQAdapter(delivery.queue)], serverAdapter: adapter, options: { uiConfig: { boardTitle: 'hamkor notifications' } } });
    this.board = adapter.getRouter();
  }

  @Get()
  @ApiOperation({ summary: 'Bull Board: the notifications queue in a browser (HTML; platform_admin only)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the board page; its assets and API are below this path' })
  page(@Req() req: Request, @Res() res: Response) {
    return this.serve(req, res);
  }

  @All('*path')
  @ApiExcludeEndpoint()
  rest(@Req() req: Request, @Res() res: Response) {
    return this.serve(req, res);
  }

  /**
   * The board's router expects to be mounted at its base path: it gets the path below that (and the
   * query). What it does not answer, or fails on, comes back here and leaves as problem+json.
   */
  private serve(req: Request, res: Response): Promise<void> {
    const [path, query] = req.originalUrl.split(/\?(.*)/s);
    req.url = (path.slice(QUEUE_BOARD_PATH.length) || '/') + (query ? `?${query}` : '');
    return new Promise((done, fail) => {
      res.once('finish', () => done());
      this.board(req, res, (err?: unknown) => fail(err ?? new NotFoundException('the queue board has no such page')));
    });
  }
}
