import { Injectable } from '@nestjs/common';

/** Where the process is in its life: readiness turns false as soon as a shutdown begins. */
@Injectable()
export class Lifecycle {
  shuttingDown = false;
}
